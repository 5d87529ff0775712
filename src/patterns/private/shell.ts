/**
 * A literal word for /bin/sh, single-quoted when it holds anything but safe characters. (As
 * everywhere in cdktf, a `${...}` in it stays a Terraform expression.)
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** A reference to an environment variable of the command, double-quoted: expanded once, never split. */
export function envRef(name: string): string {
  return `"$${name}"`;
}
