import { App, TerraformStack, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { BaseJobTemplate, PrefectApi } from 'cdktf-prefect';
import { GoogleProvider } from '../../src/.gen/providers/google/provider';
import { CloudRunWorker, GcpPrefectAuth } from '../../src';
import { prefectHalf, renderWithPrefect } from '../../../../test/e2e/support/cloud-half';
import { missingProviders } from '../../../../test/e2e/support/env';
import { applyLifecycle, expectEmptyPlan } from '../../../../test/e2e/support/lifecycle';
import { PrefectApi as PrefectClient } from '../../../../test/e2e/support/prefect-api';
import { describeUnless } from '../../../../test/support/skip';

// CloudRunWorker's Prefect half against the local Prefect server. No Google endpoint is reachable
// here, so the synthesized stack is cut down to its Prefect resources, each reference to a google
// resource replaced by the value Google would give it (a service account's email is
// "<account_id>@<project>.iam.gserviceaccount.com"). The pool's template then holds a reference, so
// it goes through jsonencode, with the memory variable's pattern "^\\d+(?:G|Gi|M|Mi)$" (a backslash)
// and descriptions with quotes: without toJsonAttribute's escaping, init fails with "Missing
// attribute separator". Then: apply -> the pool read back from the REST API -> Prefect's own
// templating renders the Cloud Run job body from its defaults -> empty re-plan -> destroy.
const missing = missingProviders('prefect');
const POOL = `cloud-run-e2e-${process.pid}`;
const PROJECT = 'acme-data';

/** What Google would return for `<address>.<attribute>`, from the resource's configuration. */
function googleValue(json: any, reference: string): string {
  const m = /^(data\.)?(google_[a-z0-9_]+)\.([A-Za-z0-9_]+)\.([a-z_]+)$/.exec(reference);
  if (!m) throw new Error(`not a google reference: ${reference}`);
  const [, data, type, id, attr] = m;
  const config = (data ? json.data : json.resource)[type][id];
  const key = `${type}.${attr}`;
  switch (key) {
    case 'google_service_account.email': return `${config.account_id}@${config.project}.iam.gserviceaccount.com`;
    default: throw new Error(`no stand-in value for ${key}`);
  }
}

describeUnless(missing)('CloudRunWorker: the work pool on the local Prefect server', () => {
  const apiUrl = process.env.CDKTF_PREFECT_E2E_API_URL!;
  const api = new PrefectClient(apiUrl);
  let values: Record<string, string> = {};
  const tf = applyLifecycle(() => {
    const stack = new TerraformStack(new App({ outdir: Testing.app().outdir }), 'cloudrun');
    new GoogleProvider(stack, 'google', { project: PROJECT, region: 'europe-west1' });
    new PrefectProvider(stack, 'prefect', { endpoint: apiUrl });
    new CloudRunWorker(stack, 'Worker', {
      name: 'e2e',
      workPoolName: POOL,
      region: 'europe-west1',
      project: PROJECT,
      api: PrefectApi.selfHosted(apiUrl),
      auth: GcpPrefectAuth.authStringFromSecretManager('prefect-auth', '2'),
      flowRunRegion: 'us-east4',
      flowRunCpu: '2',
      flowRunMemory: '4Gi',
      flowRunTimeoutSeconds: 3600,
      flowRunImage: 'europe-docker.pkg.dev/acme-data/flows/etl:1',
      labels: { team: 'data' },
    });
    const half = prefectHalf(Testing.synth(stack, true), /\b(?:data\.)?google_[a-z0-9_]+\.[A-Za-z0-9_]+\.[a-z_]+\b/g, googleValue);
    values = half.values;
    return half.json;
  }, { PREFECT_API_URL: apiUrl });

  test('the pool read back carries what the worker created, and Prefect renders the Cloud Run job from it', async () => {
    const pool = await api.get(`/work_pools/${POOL}`);
    expect(pool.type).toBe('cloud-run-v2');
    const template = pool.base_job_template;
    const ours = BaseJobTemplate.cloudRunV2().render(new TerraformStack(Testing.app(), 'x'));
    expect(template.job_configuration).toEqual({ ...ours.job_configuration, prefect_api_auth_string_secret: { secret: 'prefect-auth', version: '2' } });
    expect(Object.keys(template.variables.properties).sort()).toEqual(Object.keys(ours.variables.properties).sort());

    const flowRunAccount = Object.entries(values).find(([ref]) => ref.includes('FlowRunServiceAccount'))![1];
    expect(flowRunAccount).toBe('prefect-flows-e2e@acme-data.iam.gserviceaccount.com');
    const rendered = renderWithPrefect(template);
    expect(rendered).toMatchObject({
      region: 'us-east4',
      labels: { team: 'data' },
      keep_job: false,
      timeout: 3600,
      prefect_api_auth_string_secret: { secret: 'prefect-auth', version: '2' },
    });
    expect(rendered.job_body).toMatchObject({ client: 'prefect', launchStage: 'BETA' });
    const job = rendered.job_body.template.template;
    expect(job).toMatchObject({ serviceAccount: flowRunAccount, maxRetries: 0, timeout: 3600 });
    expect(job.containers[0]).toMatchObject({ image: 'europe-docker.pkg.dev/acme-data/flows/etl:1', resources: { limits: { cpu: '2', memory: '4Gi' } } });
  });

  test('plan after apply is empty', () => {
    expectEmptyPlan(tf());
  });

  test('destroy removes the pool', async () => {
    tf().destroy();
    expect(await api.find(`/work_pools/${POOL}`)).toBeUndefined();
  });
});
