import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail, show, toJsonAttribute } from '../../core';

/** Parameters, job variables and schemas must be JSON objects (the provider parses them so). */
export function checkObject(scope: IConstruct, what: string, value: unknown): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(scope, `invalid ${what} ${show(value)}: it must be a JSON object such as { "key": "value" }`);
  }
}

/** The provider's JSON-string form of an optional object. */
export function jsonOrUndefined(value: { [key: string]: any } | undefined): string | undefined {
  return value === undefined ? undefined : toJsonAttribute(value);
}
