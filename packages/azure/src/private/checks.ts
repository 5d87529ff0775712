import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Checks } from 'cdktf-prefect';

const RESOURCE_GROUP = /^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$/u;
const BAD_TAG_KEY = /[<>%&\\?/]/;
const literal = (v: unknown): v is string => typeof v === 'string' && !Token.isUnresolved(v);

/** Fails on a literal resource group name Azure refuses. @internal */
export function checkResourceGroupName(scope: IConstruct, value: string | undefined, prop = 'resourceGroupName'): void {
  if (literal(value) && !RESOURCE_GROUP.test(value)) {
    Checks.fail(scope, `invalid ${prop} ${Checks.show(value)}: use 1 to 90 letters, digits, "_", "-", ".", "(" or ")", not ending with "."`);
  }
}

/** Fails on a literal region that is not written as ARM names it (e.g. "West Europe"). @internal */
export function checkLocation(scope: IConstruct, prop: string, value: string | undefined): void {
  if (literal(value) && !/^[a-z0-9]+$/.test(value)) {
    Checks.fail(scope, `invalid ${prop} ${Checks.show(value)}: use the region's name as ARM spells it, e.g. "westeurope" (az account list-locations --query [].name)`);
  }
}

/** Fails on tags Azure refuses. @internal */
export function checkAzureTags(scope: IConstruct, tags: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (BAD_TAG_KEY.test(key) || key.length > 512 || (literal(value) && value.length > 256)) {
      Checks.fail(scope, `invalid tag ${Checks.show(key)}: Azure tag names have at most 512 characters and none of < > % & \\ ? /, values at most 256 characters`);
    }
  }
}
