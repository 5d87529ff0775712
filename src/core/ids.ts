import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail, show } from './validation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fails unless an optional literal is a UUID (the IDs of the server's objects are). */
export function checkUuid(scope: IConstruct, what: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value) || UUID.test(value)) return;
  fail(scope, `invalid ${what} ${show(value)}: it must be a UUID such as "0b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f"`);
}
