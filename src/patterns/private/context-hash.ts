import { createHash, Hash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * A deterministic content hash of a build context: every file's path (relative, `/`-separated),
 * executable bit and bytes, every symbolic link's target and every directory's path, walked in
 * code-point order of the names, skipping what `exclude` matches. The same tree hashes the same
 * on every machine; timestamps, owners and the context's own location are not part of it.
 */
export function hashDirectory(root: string, exclude: readonly string[]): string {
  const hash = createHash('sha256');
  const matchers = exclude.map(globMatcher);
  const excluded = (rel: string) => matchers.some((m) => m(rel));
  walk(hash, root, '', excluded);
  return hash.digest('hex');
}

/** sha256 of a file's bytes. */
export function hashFile(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function walk(hash: Hash, root: string, rel: string, excluded: (rel: string) => boolean): void {
  const names = fs.readdirSync(path.join(root, rel)).sort(byCodePoint);
  for (const name of names) {
    const child = rel === '' ? name : `${rel}/${name}`;
    if (excluded(child)) continue;
    const full = path.join(root, child);
    const stat = fs.lstatSync(full);
    if (stat.isSymbolicLink()) {
      hash.update(`l\0${child}\0${fs.readlinkSync(full)}\0`);
    } else if (stat.isDirectory()) {
      hash.update(`d\0${child}\0`);
      walk(hash, root, child, excluded);
    } else if (stat.isFile()) {
      hash.update(`f\0${child}\0${isExecutable(stat.mode) ? 'x' : '-'}\0${stat.size}\0`);
      hash.update(fs.readFileSync(full));
    }
  }
}

/** Whether any of the owner, group and other execute bits is set. */
function isExecutable(mode: number): boolean {
  return (mode % 0o1000).toString(8).split('').some((digit) => Number(digit) % 2 === 1);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A pattern without `/` matches a file or directory name anywhere (`node_modules`, `*.pyc`); one
 * with `/` matches a path from the context's root (`data/raw`, `docs/*.md`). `*` matches within
 * one name, `?` one character.
 */
function globMatcher(pattern: string): (rel: string) => boolean {
  const trimmed = pattern.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  const source = trimmed.split('').map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  const re = new RegExp(`^${source}$`);
  if (trimmed.includes('/')) return (rel) => re.test(rel);
  return (rel) => re.test(rel.slice(rel.lastIndexOf('/') + 1));
}

/** sha256 (hex) of a text. */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
