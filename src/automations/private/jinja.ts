// A small Jinja syntax check for the templates Prefect renders (webhook templates, Jinja
// parameters): delimiters closed, strings inside them terminated, block tags matched. It reads
// only the structure, not the expressions; Prefect's own sandbox renders them.

/** Block tags and the tag that ends each. */
const BLOCKS: Record<string, string> = {
  if: 'endif', for: 'endfor', macro: 'endmacro', block: 'endblock', filter: 'endfilter',
  call: 'endcall', with: 'endwith', autoescape: 'endautoescape', trans: 'endtrans',
};
/** Tags that continue an open block: which blocks each may appear in. */
const MIDDLES: Record<string, string[]> = { elif: ['if'], else: ['if', 'for'], pluralize: ['trans'] };
const ENDS = new Map(Object.entries(BLOCKS).map(([open, end]) => [end, open]));
const CLOSERS: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

/** Whether a text holds Jinja at all (an expression, a statement or a comment). */
export function hasJinja(text: string): boolean {
  return /\{[{%#]/.test(text);
}

/** The first syntax problem of a Jinja template, with its fix; undefined when there is none. */
export function checkJinja(text: string): string | undefined {
  const open: { tag: string; at: number }[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.slice(i).search(/\{[{%#]/);
    if (start < 0) break;
    const at = i + start;
    const opener = text.slice(at, at + 2);
    const closer = CLOSERS[opener];
    const end = opener === '{#' ? text.indexOf('#}', at + 2) : findCloser(text, at + 2, closer);
    if (typeof end === 'string') return end;
    if (end < 0) return `"${opener}" at character ${at + 1} is never closed: end it with "${closer}"`;
    if (opener === '{%') {
      const body = text.slice(at + 2, end).replace(/^[-+]/, '').replace(/[-+]$/, '').trim();
      const tag = body.split(/\s+/)[0] ?? '';
      if (tag === '') return `the statement "${text.slice(at, end + 2)}" at character ${at + 1} is empty: write a tag such as "{% if ... %}"`;
      if (tag === 'raw') {
        const endRaw = text.slice(end + 2).search(/\{%-?\s*endraw\s*-?%\}/);
        if (endRaw < 0) return `"{% raw %}" at character ${at + 1} is never closed: add "{% endraw %}"`;
        i = end + 2 + endRaw + 2;
        continue;
      }
      const problem = tagProblem(tag, body, at, open);
      if (problem) return problem;
    }
    i = end + 2;
  }
  const unclosed = open.pop();
  if (unclosed) return `"{% ${unclosed.tag} %}" at character ${unclosed.at + 1} is never closed: add "{% ${BLOCKS[unclosed.tag] ?? `end${unclosed.tag}`} %}"`;
  return undefined;
}

function tagProblem(tag: string, body: string, at: number, open: { tag: string; at: number }[]): string | undefined {
  // `{% set x %}...{% endset %}` is a block; `{% set x = 1 %}` is not
  if (tag === 'set' && !body.includes('=')) {
    open.push({ tag: 'set', at });
    return undefined;
  }
  if (BLOCKS[tag]) {
    open.push({ tag, at });
    return undefined;
  }
  const opener = tag === 'endset' ? 'set' : ENDS.get(tag);
  if (opener !== undefined) {
    const top = open.pop();
    if (top === undefined) return `"{% ${tag} %}" at character ${at + 1} has no "{% ${opener} %}" before it: remove it or open the block`;
    if (top.tag !== opener) {
      return `"{% ${tag} %}" at character ${at + 1} closes "{% ${top.tag} %}" (character ${top.at + 1}), which needs "{% ${BLOCKS[top.tag] ?? `end${top.tag}`} %}" first`;
    }
    return undefined;
  }
  const within = MIDDLES[tag];
  if (within !== undefined) {
    const top = open[open.length - 1];
    if (top === undefined || !within.includes(top.tag)) {
      return `"{% ${tag} %}" at character ${at + 1} is outside ${within.map((w) => `"{% ${w} %}"`).join(' or ')}: move it inside the block`;
    }
  }
  return undefined;
}

/** Where `closer` ends the expression or statement that starts at `from`, skipping strings. */
function findCloser(text: string, from: number, closer: string): number | string {
  let quote: string | undefined;
  let quoteAt = 0;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (quote !== undefined) {
      if (c === '\\') j++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === '\'') {
      quote = c;
      quoteAt = j;
    } else if (text.startsWith(closer, j)) {
      return j;
    }
  }
  if (quote !== undefined) {
    return `the string that starts at character ${quoteAt + 1} (${JSON.stringify(text.slice(quoteAt, quoteAt + 20))}) is never terminated: close it with ${quote}`;
  }
  return -1;
}
