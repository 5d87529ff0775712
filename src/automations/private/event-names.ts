// Checks event names against the catalogue of the events Prefect emits (event-catalogue.ts).
// Custom events (anything not under `prefect.` or `prefect-cloud.`) are free; `prefect-cloud.*`
// names are not in the open-source code, so they pass too.
import { editDistance } from '../../core';
import { CATALOGUE_PREFECT_VERSION, PREFECT_EVENT_PATTERNS, RUN_STATE_NAMES } from './event-catalogue';

type Segment = { literal: string } | { state: true } | { slug: true };

const PATTERNS: Segment[][] = PREFECT_EVENT_PATTERNS.map((p) => p.split('.').map((s): Segment =>
  s === '{state}' ? { state: true } : s === '{slug}' ? { slug: true } : { literal: s }));
const STATES = new Set(RUN_STATE_NAMES);
const SLUG = /^[a-z0-9-]+$/;
const SLUG_PREFIX = /^[a-z0-9-]*$/;

/** Concrete names for suggestions: states expanded, a slug shown as `<block-type>`. */
const CONCRETE: string[] = PREFECT_EVENT_PATTERNS.flatMap((p) =>
  p.includes('{state}') ? RUN_STATE_NAMES.map((s) => p.replace('{state}', s)) : [p.replace('{slug}', '<block-type>')]);

/** What a checked name tells the caller. */
export interface EventNameCheck {
  /** the problem and its fix, when Prefect never emits the name */
  readonly error?: string;
  /** a caution, when the name is legal but may never match */
  readonly warning?: string;
}

const cache = new Map<string, EventNameCheck>();

/**
 * Checks one event name (or trailing-`*` prefix) of a trigger. Names outside `prefect.` are
 * custom events and always pass.
 */
export function checkEventName(name: string): EventNameCheck {
  let result = cache.get(name);
  if (result === undefined) {
    result = check(name);
    cache.set(name, result);
  }
  return result;
}

function check(name: string): EventNameCheck {
  if (!name.startsWith('prefect.')) return {};
  const pieces = name.split('.');
  if (name.endsWith('*')) {
    const partial = pieces.pop()!.slice(0, -1);
    if (PATTERNS.some((p) => prefixFits(p, pieces, partial))) return {};
    return { error: `${whyUnknown()}; ${suggest(name, true)}` };
  }
  if (PATTERNS.some((p) => fits(p, pieces))) return {};
  // a state this catalogue does not list: Prefect emits `prefect.flow-run.<name>` for a custom
  // state name too, so a PascalCase name that is not a near miss of a known one is only warned
  const runFamily = pieces.length === 3 && (pieces[1] === 'flow-run' || pieces[1] === 'task-run');
  const near = nearest(name);
  const nearMiss = near !== undefined && (near.toLowerCase() === name.toLowerCase() || editDistance(near, name) <= 1);
  if (runFamily && /^[A-Z][A-Za-z0-9]*$/.test(pieces[2]) && !nearMiss) {
    return {
      warning: `Prefect ${CATALOGUE_PREFECT_VERSION} gives runs no state named ${JSON.stringify(pieces[2])}, so ${JSON.stringify(name)} only fires if your flows set that custom state name; the states Prefect names are ${RUN_STATE_NAMES.join(', ')}`,
    };
  }
  return { error: `${whyUnknown()}; ${suggest(name, false)}` };
}

function whyUnknown(): string {
  return `Prefect ${CATALOGUE_PREFECT_VERSION} never emits such an event, so the trigger would never fire`;
}

function suggest(name: string, prefix: boolean): string {
  const near = nearest(name);
  if (near !== undefined) {
    const caseOnly = near.toLowerCase() === name.toLowerCase();
    return `did you mean ${JSON.stringify(near)}?${caseOnly ? ' (event names are case-sensitive)' : ''}`;
  }
  const kind = name.split('.')[1] ?? '';
  const family = CONCRETE.filter((c) => c.startsWith(`prefect.${kind}.`));
  if (family.length > 0) return `Prefect's prefect.${kind} events are ${family.slice(0, 8).map((c) => JSON.stringify(c)).join(', ')}${family.length > 8 ? ', ...' : ''}`;
  const kinds = [...new Set(CONCRETE.map((c) => c.split('.')[1]))];
  return `Prefect's own events are named prefect.<kind>.<what> with kind one of ${kinds.join(', ')}${prefix ? ' (a prefix such as "prefect.flow-run.*")' : ''}; name your own events outside "prefect." (e.g. "acme.etl.done")`;
}

/** The closest known name (or, for a prefix, the closest known prefix), when close enough. */
function nearest(name: string): string | undefined {
  const pieces = name.split('.');
  // for a prefix, compare with the known prefixes of as many segments
  const candidates = name.endsWith('*')
    ? [...new Set(CONCRETE.map((c) => c.split('.')).filter((c) => c.length >= pieces.length).map((c) => `${c.slice(0, pieces.length - 1).join('.')}.*`))]
    : CONCRETE;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === name.toLowerCase()) return c;
    const d = editDistance(c, name);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 8)) ? best : undefined;
}

function segmentFits(segment: Segment, piece: string): boolean {
  if ('literal' in segment) return segment.literal === piece;
  if ('state' in segment) return STATES.has(piece);
  return SLUG.test(piece);
}

function fits(pattern: Segment[], pieces: string[]): boolean {
  return pattern.length === pieces.length && pattern.every((s, i) => segmentFits(s, pieces[i]));
}

/** Whether some name of `pattern` starts with `pieces` joined by dots, then a dot, then `partial`. */
function prefixFits(pattern: Segment[], pieces: string[], partial: string): boolean {
  if (pattern.length <= pieces.length) return false;
  if (!pieces.every((p, i) => segmentFits(pattern[i], p))) return false;
  const next = pattern[pieces.length];
  if ('literal' in next) return next.literal.startsWith(partial);
  if ('state' in next) return RUN_STATE_NAMES.some((s) => s.startsWith(partial));
  return SLUG_PREFIX.test(partial);
}
