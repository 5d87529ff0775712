import { Expr, snake, Stmt } from './code';

/** The widest line the printers aim for. */
const WIDTH = 110;

/** Prints code trees in one language. */
export abstract class Printer {
  constructor(private readonly style: Style) {}

  /** The statements, one per line (or more), at `indent`. */
  public statements(body: Stmt[], indent: string): string[] {
    const out: string[] = [];
    for (const s of body) {
      switch (s.k) {
        case 'blank': out.push(''); break;
        case 'comment': out.push(...s.lines.map((l) => `${indent}${this.style.commentMark} ${l}`.trimEnd())); break;
        case 'const': out.push(this.assign(s.name, this.expr(s.value, indent, indent.length + s.name.length + 10), indent)); break;
        default: out.push(`${indent}${this.expr(s.value, indent, indent.length)}${this.style.terminator}`);
      }
    }
    return out;
  }

  /** An expression: on one line when it fits, otherwise broken over lines at `indent`. */
  public expr(e: Expr, indent: string, column: number): string {
    const flat = this.flat(e);
    if (flat !== undefined && column + flat.length <= WIDTH) return flat;
    return this.broken(e, indent, column);
  }

  protected abstract assign(name: string, value: string, indent: string): string;
  protected abstract literal(e: Expr): string | undefined;
  protected abstract callee(e: Expr & { k: 'call' | 'method' }): string;
  protected abstract name(id: string): string;
  protected abstract memberName(prop: string): string;
  protected abstract dict(entries: string[], multiline: boolean, indent: string): string;
  protected abstract entry(key: string, value: string, isProps: boolean): string;
  protected abstract template(parts: string[], exprs: string[]): string;
  protected abstract env(name: string): string;
  protected abstract appPath(rel: string): string;

  /** The expression on one line, or undefined when it must be broken (it has a multi-line part). */
  private flat(e: Expr): string | undefined {
    const lit = this.literal(e);
    if (lit !== undefined) return lit;
    switch (e.k) {
      case 'this': return this.style.self;
      case 'ref': return this.name(e.name);
      case 'env': return this.env(e.name);
      case 'appPath': return this.appPath(e.rel);
      case 'member': return `${this.flat(e.obj)}.${this.memberName(e.prop)}`;
      case 'tpl': return this.template(e.parts.filter((p): p is string => typeof p === 'string'),
        e.parts.filter((p): p is Expr => typeof p !== 'string').map((p) => this.flat(p) ?? ''));
      case 'arr': {
        const items = e.items.map((i) => this.flat(i));
        if (items.some((i) => i === undefined)) return undefined;
        return `[${items.join(', ')}]`;
      }
      case 'data':
      case 'props': {
        const entries = e.entries.map(([key, value]) => [key, this.flat(value)] as const);
        if (entries.some(([, v]) => v === undefined)) return undefined;
        return this.dict(entries.map(([key, v]) => this.entry(key, v!, e.k === 'props')), false, '');
      }
      case 'call':
      case 'method': {
        const args = this.callArgs(e.args).map((a) => (isKeyword(a) ? keywordFlat(a, this.flat(a.value)) : this.flat(a)));
        if (args.some((a) => a === undefined)) return undefined;
        return `${this.callee(e)}(${args.join(', ')})`;
      }
      default: return undefined;
    }
  }

  private broken(e: Expr, indent: string, column: number): string {
    const inner = indent + this.style.indentUnit;
    switch (e.k) {
      case 'arr': {
        if (e.items.length === 0) return '[]';
        return `[\n${e.items.map((i) => `${inner}${this.expr(i, inner, inner.length + 1)},`).join('\n')}\n${indent}]`;
      }
      case 'data':
      case 'props': {
        if (e.entries.length === 0) return this.dict([], false, indent);
        const lines = e.entries.map(([key, value]) => {
          const head = this.entry(key, '', e.k === 'props');
          return `${inner}${this.entry(key, this.expr(value, inner, inner.length + head.length), e.k === 'props')},`;
        });
        return this.dict(lines, true, indent);
      }
      case 'call':
      case 'method': {
        const args = this.callArgs(e.args);
        const head = this.callee(e);
        const last = args[args.length - 1];
        const one = (a: Expr | Keyword) => (isKeyword(a)
          ? `${inner}${a.keyword}=${this.expr(a.value, inner, inner.length + a.keyword.length + 1)},`
          : `${inner}${this.expr(a, inner, inner.length)},`);
        // keep the leading arguments on the first line and break the last one
        if (args.length > 0 && !isKeyword(last) && (last.k === 'props' || last.k === 'data' || last.k === 'arr')) {
          const leading = args.slice(0, -1).map((a) => (isKeyword(a) ? undefined : this.flat(a)));
          if (leading.every((a) => a !== undefined)) {
            const prefix = `${head}(${leading.map((a) => `${a}, `).join('')}`;
            return `${prefix}${this.broken(last, indent, column + prefix.length)})`;
          }
        }
        return `${head}(\n${args.map(one).join('\n')}\n${indent})`;
      }
      default: return this.flat(e) ?? '';
    }
  }

  /** The arguments of a call; in Python a trailing props object becomes keyword arguments. */
  private callArgs(args: Expr[]): Array<Expr | Keyword> {
    const last = args[args.length - 1];
    if (!this.style.propsAsKeywords || !last || last.k !== 'props') return args;
    return [...args.slice(0, -1), ...last.entries.map(([key, value]) => ({ keyword: snake(key), value }))];
  }

}

/** What differs between the languages besides the methods below. */
interface Style {
  readonly commentMark: string;
  readonly terminator: string;
  /** How a call's props object is passed (TypeScript: an object literal; Python: keyword arguments). */
  readonly propsAsKeywords: boolean;
  readonly self: string;
  /** One level of indentation. */
  readonly indentUnit: string;
}

/** A keyword argument (Python). */
interface Keyword {
  readonly keyword: string;
  readonly value: Expr;
}

function isKeyword(a: Expr | Keyword): a is Keyword {
  return (a as Keyword).keyword !== undefined;
}

function keywordFlat(a: Keyword, value: string | undefined): string | undefined {
  return value === undefined ? undefined : `${a.keyword}=${value}`;
}

/** TypeScript, in the style of the project's examples (single quotes, trailing commas). */
export class TypeScriptPrinter extends Printer {
  constructor() {
    super({ commentMark: '//', terminator: ';', self: 'this', indentUnit: '  ', propsAsKeywords: false });
  }

  protected assign(name: string, value: string, indent: string): string {
    return `${indent}const ${name} = ${value};`;
  }

  protected literal(e: Expr): string | undefined {
    switch (e.k) {
      case 'str': return quote(e.v, "'");
      case 'num': return String(e.v);
      case 'bool': return String(e.v);
      case 'null': return 'null';
      default: return undefined;
    }
  }

  protected callee(e: Expr & { k: 'call' | 'method' }): string {
    if (e.k === 'method') return `${this.expr(e.obj, '', 0)}.${e.name}`;
    return e.isNew ? `new ${e.fn}` : e.fn;
  }

  protected name(id: string): string {
    return id;
  }

  protected memberName(prop: string): string {
    return prop;
  }

  protected dict(entries: string[], multiline: boolean, indent: string): string {
    if (entries.length === 0) return '{}';
    return multiline ? `{\n${entries.join('\n')}\n${indent}}` : `{ ${entries.join(', ')} }`;
  }

  protected entry(key: string, value: string, isProps: boolean): string {
    const k = isProps || /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key, "'");
    return `${k}: ${value}`;
  }

  protected template(parts: string[], exprs: string[]): string {
    let out = '`';
    parts.forEach((p, i) => {
      out += p.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${');
      if (i < exprs.length) out += `\${${exprs[i]}}`;
    });
    return `${out}\``;
  }

  protected env(name: string): string {
    return `fromEnvironment(${quote(name, "'")})`;
  }

  protected appPath(rel: string): string {
    return rel === '.' ? '__dirname' : `path.resolve(__dirname, ${quote(rel, "'")})`;
  }
}

/** Python, in the style of the project's Python examples (black-like). */
export class PythonPrinter extends Printer {
  constructor() {
    super({ commentMark: '#', terminator: '', self: 'self', indentUnit: '    ', propsAsKeywords: true });
  }

  protected assign(name: string, value: string, indent: string): string {
    return `${indent}${snake(name)} = ${value}`;
  }

  protected literal(e: Expr): string | undefined {
    switch (e.k) {
      case 'str': return quote(e.v, '"');
      case 'num': return String(e.v);
      case 'bool': return e.v ? 'True' : 'False';
      case 'null': return 'None';
      default: return undefined;
    }
  }

  protected callee(e: Expr & { k: 'call' | 'method' }): string {
    if (e.k === 'method') return `${this.expr(e.obj, '', 0)}.${snake(e.name)}`;
    const parts = e.fn.split('.');
    // static methods are snake_case; classes, namespaces and constants stay as they are
    const last = parts[parts.length - 1];
    if (parts.length > 1 && /^[a-z]/.test(last)) parts[parts.length - 1] = snake(last);
    return parts.join('.');
  }

  protected name(id: string): string {
    // classes (Posture, CompoundRequire) keep their names; variables are snake_case
    return /^[A-Z]/.test(id) ? id : snake(id);
  }

  protected memberName(prop: string): string {
    return /^[A-Z0-9_]+$/.test(prop) ? prop : snake(prop);
  }

  protected dict(entries: string[], multiline: boolean, indent: string): string {
    if (entries.length === 0) return '{}';
    return multiline ? `{\n${entries.join('\n')}\n${indent}}` : `{${entries.join(', ')}}`;
  }

  protected entry(key: string, value: string, isProps: boolean): string {
    return `${quote(isProps ? snake(key) : key, '"')}: ${value}`;
  }

  protected template(parts: string[], exprs: string[]): string {
    // concatenation, not an f-string: Python before 3.12 refuses the quotes of a call inside one
    const pieces: string[] = [];
    parts.forEach((p, i) => {
      if (p) pieces.push(quote(p, '"'));
      if (i < exprs.length) pieces.push(exprs[i]);
    });
    return pieces.join(' + ');
  }

  protected env(name: string): string {
    return `from_environment(${quote(name, '"')})`;
  }

  protected appPath(rel: string): string {
    return rel === '.' ? 'APP_DIR' : `os.path.normpath(os.path.join(APP_DIR, ${quote(rel, '"')}))`;
  }
}

/** A string literal with `q` as its quote, escaping what both languages need escaped. */
export function quote(s: string, q: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${q}${out}${q}`;
}
