// Synth-time checks shared by triggers, actions and the Cloud-only constructs.
import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Duration, fail, show, toJsonAttribute } from '../../core';
import { markCloudOnly } from '../../policy/cloud-only';
import { checkEventName } from './event-names';
import { EVENT_NAME_DOUBT } from '../../policy/markers';

/** Records a Cloud-only feature: rule PF-TGT-001 reports it at synth, by the declared PrefectTarget. */
export function warnCloudOnly(scope: IConstruct, what: string): void {
  markCloudOnly(scope, what);
}

/**
 * Event names in `expect` and `after`: not empty, a `*` only at the end (Prefect reads a
 * trailing `*` as a prefix wildcard and matches anything else literally), and, under `prefect.`,
 * a name (or prefix) Prefect emits, case included (event-catalogue.ts).
 */
export function checkEventNames(scope: IConstruct, what: string, names: string[] | undefined): void {
  for (const name of names ?? []) {
    if (Token.isUnresolved(name)) continue;
    if (name.trim().length === 0) {
      fail(scope, `invalid ${what} event name ${show(name)}: it must not be empty; write an event name such as "prefect.flow-run.Failed" or a prefix such as "acme.bucket.*"`);
    }
    if (name.slice(0, -1).includes('*')) {
      fail(scope, `invalid ${what} event name ${show(name)}: Prefect only understands "*" at the end (a prefix wildcard), e.g. ${show(name.slice(0, name.indexOf('*') + 1))}`);
    }
    const known = checkEventName(name);
    if (known.error) fail(scope, `invalid ${what} event name ${show(name)}: ${known.error}`);
    if (known.warning) EVENT_NAME_DOUBT.record(scope, { what, eventName: name, problem: known.warning });
  }
}

/**
 * A resource specification (`match`, `match_related`): label → value or list of values; a value
 * may end with `*` (prefix) and start with `!` (negation).
 */
export function checkResourceSpec(scope: IConstruct, what: string, spec: { [key: string]: any } | undefined): void {
  if (spec === undefined || Token.isUnresolved(spec)) return;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    fail(scope, `invalid ${what} ${show(spec)}: it must be an object of resource labels, e.g. { "prefect.resource.id": "prefect.flow-run.*" }`);
  }
  for (const [label, value] of Object.entries(spec)) {
    if (label.trim().length === 0) fail(scope, `invalid ${what} ${show(spec)}: a label is empty; use label names such as "prefect.resource.id"`);
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) {
      fail(scope, `invalid ${what} value for label ${show(label)}: the list is empty and would match nothing; give at least one value or drop the label`);
    }
    for (const v of values) {
      if (Token.isUnresolved(v)) continue;
      if (typeof v !== 'string') {
        fail(scope, `invalid ${what} value ${show(v)} for label ${show(label)}: values must be strings (or lists of strings)`);
      }
      const body = v.startsWith('!') ? v.slice(1) : v;
      if (body.slice(0, -1).includes('*')) {
        fail(scope, `invalid ${what} value ${show(v)} for label ${show(label)}: Prefect only understands "*" at the end (a prefix wildcard) and "!" at the start (negation)`);
      }
    }
  }
}

/** True when a resource specification is missing or `{}` (it then matches every resource). */
export function isEmptySpec(spec: { [key: string]: any } | undefined): boolean {
  return spec === undefined || (!Token.isUnresolved(spec) && Object.keys(spec).length === 0);
}

/** The provider's JSON string for an optional resource specification. */
export function specJson(spec: { [key: string]: any } | undefined): string | undefined {
  return spec === undefined ? undefined : toJsonAttribute(spec);
}

/** Checks a window and returns it in seconds. */
export function windowSeconds(scope: IConstruct, what: string, window: Duration | undefined, min: number): number | undefined {
  if (window === undefined) return undefined;
  const seconds = window.toSeconds();
  if (Token.isUnresolved(seconds)) return seconds;
  if (!Number.isFinite(seconds) || seconds < min) {
    fail(scope, `invalid ${what} ${window.toString()}: it must be at least ${min} seconds`);
  }
  return seconds;
}
