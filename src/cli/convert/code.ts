/**
 * A small, language-neutral tree of the code the converter writes, printed as TypeScript or
 * Python. Only what a converted app needs: literals, construct calls, references, string
 * interpolation and environment lookups.
 */
export type Expr =
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'null' }
  | { readonly k: 'this' }
  | { readonly k: 'arr'; readonly items: Expr[] }
  /** A dict of data (parameters, job variables): keys are written as they are. */
  | { readonly k: 'data'; readonly entries: Array<[string, Expr]> }
  /** The props of a construct or options of a factory: camelCase here, keyword arguments in Python. */
  | { readonly k: 'props'; readonly entries: Array<[string, Expr]> }
  /** A call: `fn` is a dotted name (`Schedule.cron`), `new` makes it a constructor. */
  | { readonly k: 'call'; readonly fn: string; readonly args: Expr[]; readonly isNew?: boolean }
  /** A method call on an object, e.g. `flow.addDeployment(...)`. */
  | { readonly k: 'method'; readonly obj: Expr; readonly name: string; readonly args: Expr[] }
  /** A local variable. */
  | { readonly k: 'ref'; readonly name: string }
  /** A property of an object, e.g. `block.templateReference`. */
  | { readonly k: 'member'; readonly obj: Expr; readonly prop: string }
  /** A string with expressions in it. */
  | { readonly k: 'tpl'; readonly parts: Array<string | Expr> }
  /** An environment variable read at synth (`{{ $NAME }}` in prefect.yaml). */
  | { readonly k: 'env'; readonly name: string }
  /** A path relative to the app's own directory, made absolute at synth. */
  | { readonly k: 'appPath'; readonly rel: string };

/** One statement of the stack's constructor. */
export type Stmt =
  | { readonly k: 'const'; readonly name: string; readonly value: Expr }
  | { readonly k: 'expr'; readonly value: Expr }
  | { readonly k: 'comment'; readonly lines: string[] }
  | { readonly k: 'blank' };

export const str = (v: string): Expr => ({ k: 'str', v });
export const num = (v: number): Expr => ({ k: 'num', v });
export const bool = (v: boolean): Expr => ({ k: 'bool', v });
export const ref = (name: string): Expr => ({ k: 'ref', name });
export const THIS: Expr = { k: 'this' };
export const call = (fn: string, ...args: Expr[]): Expr => ({ k: 'call', fn, args });
export const construct = (fn: string, ...args: Expr[]): Expr => ({ k: 'call', fn, args, isNew: true });
export const method = (obj: Expr, name: string, ...args: Expr[]): Expr => ({ k: 'method', obj, name, args });
export const member = (obj: Expr, prop: string): Expr => ({ k: 'member', obj, prop });

/** Props from the defined entries only (undefined values are left out). */
export function props(entries: Array<[string, Expr | undefined]>): Expr {
  return { k: 'props', entries: entries.filter((e): e is [string, Expr] => e[1] !== undefined) };
}

/** A camelCase identifier from any name: `my-flow_v2` -> `myFlowV2`. */
export function camel(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter(Boolean);
  const id = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
  if (id.length === 0) return 'value';
  return /^[0-9]/.test(id) ? `n${id}` : id;
}

/** A PascalCase construct ID from any name. */
export function pascal(name: string): string {
  const id = camel(name);
  return id[0].toUpperCase() + id.slice(1);
}

/** snake_case, as jsii names methods, properties and keyword arguments in Python. */
export function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** A JSON value as a data literal, keys as they are (no template conversion). */
export function literal(v: unknown): Expr {
  if (v === null || v === undefined) return { k: 'null' };
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return bool(v);
  if (Array.isArray(v)) return { k: 'arr', items: v.map(literal) };
  return { k: 'data', entries: Object.entries(v as { [key: string]: unknown }).map(([k, item]) => [k, literal(item)] as [string, Expr]) };
}

/** `base`, or `base2`, `base3`, ... : the first that is not taken (nor refused); recorded as taken. */
export function unique(taken: Set<string>, base: string, refused: readonly string[] = []): string {
  let out = base;
  for (let i = 2; taken.has(out) || refused.includes(out); i++) out = `${base}${i}`;
  taken.add(out);
  return out;
}
