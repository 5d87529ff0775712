import * as fs from 'fs';
import * as path from 'path';

/** What `prefect deploy` takes from the flow's code, read from its source without running it. */
export interface FlowInfo {
  /** `@flow(name=...)`, else the function's name with `_` replaced by `-` (Prefect's rule). */
  readonly name: string;
  /** `@flow(description=...)`, else the function's docstring (cleaned as `inspect.getdoc` does). */
  readonly description?: string;
  /** `@flow(version=...)`, when given as a string literal. */
  readonly version?: string;
  /** Why the source could not be read (the name then comes from the entrypoint alone). */
  readonly problem?: string;
  /** The Python file, relative to the project. */
  readonly file?: string;
}

/**
 * Reads the flow an entrypoint points at (`path/to/file.py:function` or `package.module.function`,
 * relative to `projectDir`).
 */
export function readFlow(projectDir: string, entrypoint: string): FlowInfo {
  const colon = entrypoint.lastIndexOf(':');
  const fn = colon === -1 ? entrypoint.split('.').pop() ?? entrypoint : entrypoint.slice(colon + 1);
  const file = colon === -1 ? `${entrypoint.split('.').slice(0, -1).join('/')}.py` : entrypoint.slice(0, colon);
  const fallback = fn.replace(/_/g, '-');
  const full = path.resolve(projectDir, file);
  if (!fs.existsSync(full)) return { name: fallback, problem: `${file} was not found`, file };
  const source = fs.readFileSync(full, 'utf8');
  const def = new RegExp(`^([ \\t]*)(?:async[ \\t]+)?def[ \\t]+${escape(fn)}[ \\t]*\\(`, 'm').exec(source);
  if (!def) return { name: fallback, problem: `${file} has no function ${fn}`, file };
  const decorator = flowDecorator(source.slice(0, def.index));
  if (decorator === undefined) return { name: fallback, problem: `${fn} in ${file} has no @flow decorator`, file };
  const name = keyword(decorator, 'name');
  const description = keyword(decorator, 'description') ?? docstring(source, def.index + def[0].length - 1);
  return { name: name ?? fallback, description, version: keyword(decorator, 'version'), file };
}

/** The argument text of the `@flow(...)` decorator that ends `before` ('' for a bare `@flow`). */
function flowDecorator(before: string): string | undefined {
  const lines = before.split('\n');
  lines.pop(); // the indentation of the def line
  const decorators: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    current = current ? `${line}\n${current}` : line;
    depth += count(line, ')') - count(line, '(');
    if (depth > 0) continue;
    const trimmed = current.trim();
    if (!trimmed.startsWith('@')) break;
    decorators.push(trimmed);
    current = '';
    depth = 0;
  }
  for (const d of decorators) {
    const m = /^@(?:prefect\.)?flow\b\s*(?:\(([\s\S]*)\))?\s*$/.exec(d);
    if (m) return m[1] ?? '';
  }
  return undefined;
}

/** A keyword argument given as a plain string literal. */
function keyword(args: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|[,(\\s])${name}\\s*=\\s*(?:"""([\\s\\S]*?)"""|'''([\\s\\S]*?)'''|"((?:[^"\\\\\\n]|\\\\.)*)"|'((?:[^'\\\\\\n]|\\\\.)*)')`).exec(args);
  if (!m) return undefined;
  const raw = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
  return m[3] !== undefined || m[4] !== undefined ? unescape(raw) : raw;
}

/** The function's docstring, cleaned like `inspect.getdoc`; `open` is the offset of the def's `(`. */
function docstring(source: string, open: number): string | undefined {
  let depth = 0;
  let i = open;
  for (; i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) break;
  }
  const rest = source.slice(i + 1);
  const header = /^\s*(?:->[^:]*)?:[ \t]*(?:#[^\n]*)?\n/.exec(rest);
  if (!header) return undefined;
  const body = rest.slice(header[0].length);
  const m = /^\s*[rRuU]?(?:"""([\s\S]*?)"""|'''([\s\S]*?)'''|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')/.exec(body);
  if (!m) return undefined;
  const raw = m[1] ?? m[2] ?? unescape(m[3] ?? m[4] ?? '');
  return cleandoc(raw.replace(/\\\n/g, ''));
}

/** `inspect.cleandoc`: drop the common indentation of all lines but the first, and blank edges. */
function cleandoc(doc: string): string | undefined {
  const lines = doc.replace(/\t/g, '        ').split('\n');
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => l.length - l.trimStart().length);
  const margin = indents.length > 0 ? Math.min(...indents) : 0;
  const out = [lines[0].trimStart(), ...lines.slice(1).map((l) => l.slice(margin))];
  while (out.length > 0 && !out[0].trim()) out.shift();
  while (out.length > 0 && !out[out.length - 1].trim()) out.pop();
  return out.length > 0 ? out.join('\n') : undefined;
}

function unescape(s: string): string {
  return s.replace(/\\(["'\\nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
