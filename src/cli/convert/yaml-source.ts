import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, YAMLMap } from 'yaml';

/** A YAML file the converter cannot read, with the line of the first problem. */
export class YamlSyntaxError extends Error {
  constructor(public readonly file: string, public readonly line: number, detail: string) {
    super(`${file}:${line}: cannot parse the YAML: ${detail}`);
  }
}

/**
 * A parsed YAML file as plain values (aliases and `<<` merge keys resolved, as PyYAML's
 * `safe_load` reads them), and the line each value came from.
 */
export class YamlSource {
  /** Reads `text`; `file` names it in messages. */
  public static parse(file: string, text: string): YamlSource {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true, version: '1.1' });
    const problem = doc.errors[0];
    if (problem) {
      const line = problem.linePos?.[0]?.line ?? counter.linePos(problem.pos[0]).line;
      throw new YamlSyntaxError(file, line, problem.message.split('\n')[0]);
    }
    return new YamlSource(file, doc, counter);
  }

  /** The file's content as plain JSON values. */
  public readonly root: unknown;

  private readonly lines = new WeakMap<object, Map<string | number, number>>();
  private readonly own = new WeakMap<object, number>();

  private constructor(public readonly file: string, private readonly doc: Document, private readonly counter: LineCounter) {
    this.root = this.plain(doc.contents, new Set());
  }

  /** The line of `container[key]`, or of the container itself when `key` is undefined. */
  public line(container: unknown, key?: string | number): number {
    if (container === null || typeof container !== 'object') return 1;
    if (key !== undefined) {
      const line = this.lines.get(container)?.get(key);
      if (line !== undefined) return line;
    }
    return this.own.get(container) ?? 1;
  }

  /** `file:line` of `container[key]`. */
  public where(container: unknown, key?: string | number): string {
    return `${this.file}:${this.line(container, key)}`;
  }

  private lineOf(node: Node | null | undefined): number {
    const offset = node?.range?.[0];
    return offset === undefined ? 1 : this.counter.linePos(offset).line;
  }

  private plain(node: unknown, seen: Set<Node>): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.alias(node, seen);
    if (isScalar(node)) {
      // YAML 1.1 timestamps (what PyYAML reads as datetimes) stay as written
      if (node.value instanceof Date) return node.source ?? node.value.toISOString();
      return node.value ?? null;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      const lines = new Map<string | number, number>();
      node.items.forEach((item, i) => {
        out.push(this.plain(item, seen));
        lines.set(i, this.lineOf(item as Node));
      });
      this.track(out, node, lines);
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const lines = new Map<string | number, number>();
      this.fillMap(node, out, lines, seen);
      this.track(out, node, lines);
      return out;
    }
    return null;
  }

  private fillMap(node: YAMLMap, out: Record<string, unknown>, lines: Map<string | number, number>, seen: Set<Node>): void {
    const merged: Array<[Record<string, unknown>, Map<string | number, number>]> = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? (keyNode.source === '<<' ? '<<' : String(keyNode.value)) : String(keyNode);
      if (key === '<<' && (!isScalar(pair.value) || pair.value.value !== null)) {
        // merge keys: one mapping or a list of them; keys given here win, earlier sources win over later
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const source of sources) {
          const value = this.plain(source, seen);
          if (value && typeof value === 'object' && !Array.isArray(value)) {
            merged.push([value as Record<string, unknown>, this.lines.get(value) ?? new Map()]);
          }
        }
        continue;
      }
      out[key] = this.plain(pair.value, seen);
      lines.set(key, this.lineOf(keyNode));
    }
    for (const [source, sourceLines] of merged) {
      for (const [key, value] of Object.entries(source)) {
        if (key in out) continue;
        out[key] = value;
        lines.set(key, sourceLines.get(key) ?? this.own.get(source) ?? 1);
      }
    }
  }

  private alias(node: Alias, seen: Set<Node>): unknown {
    const target = node.resolve(this.doc);
    if (!target) return null;
    if (seen.has(target)) return null;
    seen.add(target);
    try {
      return this.plain(target, seen);
    } finally {
      seen.delete(target);
    }
  }

  private track(value: object, node: Node, lines: Map<string | number, number>): void {
    this.lines.set(value, lines);
    this.own.set(value, this.lineOf(node));
  }
}
