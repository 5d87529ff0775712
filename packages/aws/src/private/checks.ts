import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Checks } from 'cdktf-prefect';

/** Fails on tag keys AWS reserves. @internal */
export function checkTags(scope: IConstruct, tags?: { [key: string]: string }): void {
  for (const key of Object.keys(tags ?? {})) {
    if (key.toLowerCase().startsWith('aws:')) {
      Checks.fail(scope, `invalid tag key ${Checks.show(key)}: the "aws:" prefix is reserved by AWS; choose another key`);
    }
  }
}

/** Fails on a literal that is not an http(s) URL. @internal */
export function checkApiUrl(scope: IConstruct, prop: string, url?: string): void {
  if (url === undefined || Token.isUnresolved(url)) return;
  if (!/^https?:\/\/[^\s/]+/.test(url)) {
    Checks.fail(scope, `invalid ${prop} ${Checks.show(url)}: use the server's API address, e.g. "https://prefect.example.com/api"`);
  }
}

/** Fails when a secret is given as a literal, which would land in cdk.tf.json. @internal */
export function checkSensitive(scope: IConstruct, what: string, value: string | undefined, better = ''): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  Checks.fail(scope, `${what} is a literal, so it would be written to cdk.tf.json: pass a sensitive reference (TerraformVariable with sensitive: true)${better}`);
}
