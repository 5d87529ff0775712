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

  test('customer-managed Cloud: Cloud (API keys), the workspace URL under its API root, which is PREFECT_CLOUD_API_URL', () => {
    const api = PrefectApi.customerManagedCloud('https://prefect.example.com/api/', 'acc-1', 'ws-2', { uiUrl: 'https://app.prefect.example.com' });
    expect([api.apiUrl, api.isCloud, api.isCustomerManaged, api.cloudApiUrl, api.cloudUiUrl, api.accountId, api.workspaceId, api.eventsUrl]).toEqual([
      'https://prefect.example.com/api/accounts/acc-1/workspaces/ws-2', true, true, 'https://prefect.example.com/api', 'https://app.prefect.example.com', 'acc-1', 'ws-2', undefined,
    ]);
    const cloud = PrefectApi.cloud('a', 'w');
    expect([cloud.isCustomerManaged, cloud.cloudApiUrl, cloud.cloudUiUrl]).toEqual([false, 'https://api.prefect.cloud/api', undefined]);
    expect([PrefectApi.selfHosted('http://x/api').isCustomerManaged, PrefectApi.selfHosted('http://x/api').cloudApiUrl]).toEqual([false, undefined]);
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
    ['a customer-managed Cloud at no URL', PrefectApi.customerManagedCloud('prefect.example.com/api', 'a', 'w'), /^Stack\/User: invalid cloudApiUrl "prefect.example.com\/api" in PrefectApi.customerManagedCloud\(cloudApiUrl, accountId, workspaceId\): use the installation's API root/],
    ['Prefect\'s Cloud as customer-managed', PrefectApi.customerManagedCloud('https://api.prefect.cloud/api', 'a', 'w'), /is Prefect's own Cloud: use PrefectApi.cloud\(accountId, workspaceId\)$/],
    ['a customer-managed workspace URL as the root', PrefectApi.customerManagedCloud('https://p.example.com/api/accounts/a/workspaces/w', 'a', 'w'), /names a workspace already: give the API root \(the part before "\/accounts\/"\), e.g. "https:\/\/p.example.com\/api"$/],
    ['a customer-managed UI URL that is no URL', PrefectApi.customerManagedCloud('https://p.example.com/api', 'a', 'w', { uiUrl: 'app' }), /invalid uiUrl "app"/],
    ['a customer-managed account ID with a slash', PrefectApi.customerManagedCloud('https://p.example.com/api', 'a/b', 'w'), /invalid Prefect Cloud account ID "a\/b" in PrefectApi.customerManagedCloud\(cloudApiUrl, accountId, workspaceId\): give the ID from the workspace's URL \(the Cloud UI\//],
  ])('%s fails at synth', (_name, api, message) => {
    expect(synthError((s) => api.validate(new Construct(s, 'User')))).toMatch(message);
  });
});
