import { TerraformOutput, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { PrefectApi } from '../../src/patterns';
import { newStack, synthError, synthJson } from '../support/synth';

describe('PrefectApi', () => {
  test('cloud: the workspace URL, no events endpoint', () => {
    const api = PrefectApi.cloud('acc-1', 'ws-2');
    expect([api.apiUrl, api.isCloud, api.accountId, api.workspaceId, api.eventsUrl]).toEqual([
      'https://api.prefect.cloud/api/accounts/acc-1/workspaces/ws-2', true, 'acc-1', 'ws-2', undefined,
    ]);
  });

  test('self-hosted: the URL as given, and <url>/events without a doubled slash', () => {
    const api = PrefectApi.selfHosted('https://prefect.example.com/api/');
    expect([api.apiUrl, api.isCloud, api.accountId, api.eventsUrl]).toEqual([
      'https://prefect.example.com/api/', false, undefined, 'https://prefect.example.com/api/events',
    ]);
  });

  test('tokens pass validation and stay references', () => {
    const stack = newStack();
    const v = (name: string) => new TerraformVariable(stack, name, { type: 'string' }).stringValue;
    const cloud = PrefectApi.cloud(v('a'), v('w'));
    const self = PrefectApi.selfHosted(v('u'));
    cloud.validate(stack);
    self.validate(stack);
    new TerraformOutput(stack, 'cloud', { value: cloud.apiUrl });
    new TerraformOutput(stack, 'events', { value: self.eventsUrl });
    const json = synthJson(stack);
    expect([json.output.cloud.value, json.output.events.value]).toEqual(['https://api.prefect.cloud/api/accounts/${var.a}/workspaces/${var.w}', '${var.u}/events']);
  });

  test.each<[string, PrefectApi, RegExp]>([
    ['not a URL', PrefectApi.selfHosted('prefect.local/api'), /^Stack\/User: invalid PrefectApi.selfHosted URL "prefect.local\/api": use the server's API address, e.g. "https:\/\/prefect.example.com\/api"$/],
    ['a Cloud URL as self-hosted', PrefectApi.selfHosted('https://api.prefect.cloud/api/accounts/a/workspaces/w'), /^Stack\/User: PrefectApi.selfHosted\("https:\/\/api.prefect.cloud\/api\/accounts\/a\/workspaces\/w"\) is a Prefect Cloud URL: use PrefectApi.cloud\(accountId, workspaceId\)$/],
    ['an empty account ID', PrefectApi.cloud('', 'ws'), /^Stack\/User: invalid Prefect Cloud account ID "" in PrefectApi.cloud\(accountId, workspaceId\): give the ID from the workspace's URL/],
    ['a workspace ID with a slash', PrefectApi.cloud('acc', 'ws/other'), /invalid Prefect Cloud workspace ID "ws\/other"/],
  ])('%s fails at synth', (_name, api, message) => {
    expect(synthError((s) => api.validate(new Construct(s, 'User')))).toMatch(message);
  });
});
