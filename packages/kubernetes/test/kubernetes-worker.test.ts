import { readFileSync } from 'fs';
import * as path from 'path';
import { TerraformVariable } from 'cdktf';
import { Block, BlockType, ImagePullPolicy, PrefectApi } from 'cdktf-prefect';
import { ApiKeyPropagation, KubernetesAuth, KubernetesWorker, KubernetesWorkerProps, PrefectChart } from '../src';
import { onlyResource, synthError, synthJson } from '../../../test/support/synth';
import { cloud, k8sStack, releaseValues, selfHosted } from './fixtures';

describe('KubernetesWorker', () => {
  test('Cloud: the synthesized pool and release (snapshot)', () => {
    const stack = k8sStack();
    new KubernetesWorker(stack, 'Worker', cloud());
    expect(synthJson(stack)).toMatchSnapshot();
  });

  test('self-hosted with basic auth and every option (snapshot)', () => {
    const stack = k8sStack();
    new KubernetesWorker(stack, 'Worker', selfHosted({
      auth: KubernetesAuth.basicAuthFromSecret('prefect-auth'),
      releaseName: 'worker-prod',
      namespace: 'flows',
      createNamespace: false,
      jobNamespace: 'jobs',
      jobTemplate: { image: 'acme/flows:1.2.3', serviceAccountName: 'flow-runner', imagePullPolicy: ImagePullPolicy.ALWAYS, cpuRequest: '500m', memoryLimit: '2Gi' },
      workQueues: ['high', 'low'],
      workerLimit: 4,
      replicas: 2,
      resources: { cpuRequest: '200m', memoryRequest: '512Mi', cpuLimit: '2', memoryLimit: '2Gi' },
      imageRepository: 'registry.example.com/prefect',
      imageTag: '3.8.8-python3.11-kubernetes',
      serviceAccountName: 'prefect-worker-sa',
      createServiceAccount: false,
      createRbac: false,
      extraPipPackages: 'prefect-aws s3fs',
      healthCheck: false,
      wait: false,
      timeoutSeconds: 120,
      chart: PrefectChart.fromLocalPath('/opt/charts', '2026.8.18172642'),
    }));
    expect(synthJson(stack)).toMatchSnapshot();
  });

  test('Cloud values: the key only by Secret reference, the pool, the pinned image and chart', () => {
    const stack = k8sStack();
    const worker = new KubernetesWorker(stack, 'Worker', cloud());
    const json = synthJson(stack);
    const release = onlyResource(json, 'helm_release');
    expect(release).toMatchObject({
      chart: 'prefect-worker',
      repository: 'https://prefecthq.github.io/prefect-helm',
      version: '2026.8.18172642',
      namespace: 'prefect',
      create_namespace: true,
      wait: true,
      timeout: 300,
      depends_on: [expect.stringMatching(/^prefect_work_pool\.Worker_WorkPool_[0-9A-F]{8}$/)],
    });
    expect(release.name).toMatch(/^worker-[0-9a-f]{8}$/);
    expect(release.name).toBe(worker.releaseName);
    const values = releaseValues(json);
    expect(values).toEqual({
      fullnameOverride: release.name,
      worker: {
        apiConfig: 'cloud',
        cloudApiConfig: {
          accountId: '0eb2d9a6-5b8c-4f3e-9d1a-2c3b4d5e6f70',
          workspaceId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
          apiKeySecret: { name: 'prefect-api-key', key: 'key' },
          jobApiKeyPropagation: 'secretRef',
        },
        config: { workPool: 'k8s-pool', workQueues: [], type: 'kubernetes', limit: null, jobNamespace: 'prefect' },
        image: { repository: 'prefecthq/prefect', prefectTag: '3.8.8-python3.12-kubernetes' },
        replicaCount: 1,
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '1Gi' } },
        livenessProbe: {
          enabled: true,
          config: { initialDelaySeconds: 60, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3, successThreshold: 1 },
        },
        extraEnvVars: [{ name: 'PREFECT_WORKER_WEBSERVER_PORT', value: '8080' }],
      },
      serviceAccount: { create: true, name: '' },
      role: { create: true, namespace: 'prefect' },
      rolebinding: { create: true },
    });
    // the document is the sorted JSON text (stable plans)
    expect(release.values[0]).toBe(JSON.stringify(sortDeep(values)));
    expect(JSON.stringify(json)).not.toMatch(/pnu_|authString/);
  });

  test('the pool: a kubernetes work pool whose template places jobs in jobNamespace, with jobTemplate options', () => {
    const stack = k8sStack();
    new KubernetesWorker(stack, 'Worker', selfHosted({ jobNamespace: 'jobs', jobTemplate: { serviceAccountName: 'runner', image: 'acme/flows:1' } }));
    const pool = onlyResource(synthJson(stack), 'prefect_work_pool');
    expect(pool).toMatchObject({ name: 'k8s-pool', type: 'kubernetes' });
    const template = JSON.parse(pool.base_job_template);
    expect(template.variables.properties.namespace.default).toBe('jobs');
    expect(template.variables.properties.service_account_name.default).toBe('runner');
    expect(template.variables.properties.image.default).toBe('acme/flows:1');
    expect(template.job_configuration.job_manifest.metadata.namespace).toBe('{{ namespace }}');
  });

  test('self-hosted: API URL, basic auth from the Secret (never the chart\'s authString), no API key', () => {
    const stack = k8sStack();
    new KubernetesWorker(stack, 'Worker', selfHosted({ auth: KubernetesAuth.basicAuthFromSecret('prefect-auth') }));
    const values = releaseValues(synthJson(stack));
    expect(values.worker.apiConfig).toBe('selfHostedServer');
    expect(values.worker.selfHostedServerApiConfig).toEqual({
      apiUrl: 'http://prefect-server.prefect.svc.cluster.local:4200/api',
      basicAuth: { enabled: true, existingSecret: 'prefect-auth' },
    });
    expect(values.worker.cloudApiConfig).toBeUndefined();
  });

  test('customer-managed Cloud: apiConfig customerManagedCloud, its API root as apiUrl and cloudApiUrl, the key by Secret', () => {
    const stack = k8sStack();
    new KubernetesWorker(stack, 'Worker', cloud({
      api: PrefectApi.customerManagedCloud('https://prefect.example.com/api/', 'acc-1', 'ws-2', { uiUrl: 'https://app.prefect.example.com' }),
      apiKeyPropagation: ApiKeyPropagation.AUTO_SECRET,
    }));
    const w = releaseValues(synthJson(stack)).worker;
    expect(w.apiConfig).toBe('customerManagedCloud');
    expect(w.customerManagedCloudApiConfig).toEqual({
      apiUrl: 'https://prefect.example.com/api',
      cloudApiUrl: 'https://prefect.example.com/api',
      cloudUiUrl: 'https://app.prefect.example.com',
      accountId: 'acc-1',
      workspaceId: 'ws-2',
      apiKeySecret: { name: 'prefect-api-key', key: 'key' },
      jobApiKeyPropagation: 'autoSecret',
    });
    expect(w.cloudApiConfig).toBeUndefined();
    expect(w.selfHostedServerApiConfig).toBeUndefined();
    // the chart sets the URLs; the base's environment adds only the health port
    expect(w.extraEnvVars).toEqual([{ name: 'PREFECT_WORKER_WEBSERVER_PORT', value: '8080' }]);
  });

  test('customer-managed Cloud without a UI URL: cloudUiUrl empty (the chart then sets no PREFECT_CLOUD_UI_URL)', () => {
    const stack = k8sStack();
    new KubernetesWorker(stack, 'Worker', cloud({ api: PrefectApi.customerManagedCloud('https://prefect.example.com/api', 'acc-1', 'ws-2') }));
    expect(releaseValues(synthJson(stack)).worker.customerManagedCloudApiConfig).toMatchObject({ cloudUiUrl: '', jobApiKeyPropagation: 'secretRef' });
  });

  test('self-hosted without auth: basic auth off', () => {
    const stack = k8sStack();
    new KubernetesWorker(stack, 'Worker', selfHosted());
    expect(releaseValues(synthJson(stack)).worker.selfHostedServerApiConfig.basicAuth).toEqual({ enabled: false });
  });

  test('queues, limit, replicas, resources, pip packages, no health check, auto secrets', () => {
    const stack = k8sStack();
    new KubernetesWorker(stack, 'Worker', cloud({
      workQueues: ['a', 'b'], workerLimit: 3, replicas: 3, resources: { memoryLimit: '2Gi' },
      extraPipPackages: 'prefect-aws', healthCheck: false, apiKeyPropagation: ApiKeyPropagation.AUTO_SECRET,
    }));
    const w = releaseValues(synthJson(stack)).worker;
    expect(w.config).toMatchObject({ workQueues: ['a', 'b'], limit: 3 });
    expect(w.replicaCount).toBe(3);
    expect(w.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '2Gi' } });
    expect(w.extraEnvVars).toEqual([{ name: 'EXTRA_PIP_PACKAGES', value: 'prefect-aws' }]);
    expect(w.livenessProbe).toEqual({ enabled: false });
    expect(w.cloudApiConfig.jobApiKeyPropagation).toBe('autoSecret');
  });

  test('tokens in values go through jsonencode (a variable replica count, a URL from elsewhere)', () => {
    const stack = k8sStack();
    const replicas = new TerraformVariable(stack, 'replicas', { type: 'number' });
    const url = new TerraformVariable(stack, 'url', { type: 'string' });
    new KubernetesWorker(stack, 'Worker', selfHosted({ api: PrefectApi.selfHosted(url.stringValue), replicas: replicas.numberValue }));
    const release = onlyResource(synthJson(stack), 'helm_release');
    expect(release.values[0]).toMatch(/^\$\{jsonencode\(/);
    expect(release.values[0]).toContain('var.replicas');
    expect(release.values[0]).toContain('var.url');
  });

  test('two workers in one namespace get different release names and object names', () => {
    const stack = k8sStack();
    const a = new KubernetesWorker(stack, 'A', selfHosted({ workPoolName: 'a' }));
    const b = new KubernetesWorker(stack, 'B', selfHosted({ workPoolName: 'b' }));
    expect(a.releaseName).not.toBe(b.releaseName);
    const json = synthJson(stack);
    const names = Object.values(json.resource.helm_release).map((r: any) => JSON.parse(r.values[0]).fullnameOverride);
    expect(new Set(names).size).toBe(2);
  });

  test('a repository mirror and another exact chart version', () => {
    const stack = k8sStack();
    new KubernetesWorker(stack, 'Worker', selfHosted({ chart: PrefectChart.fromRepository({ version: '2026.8.12210735', repositoryUrl: 'https://charts.example.com/prefect' }) }));
    expect(onlyResource(synthJson(stack), 'helm_release')).toMatchObject({ chart: 'prefect-worker', repository: 'https://charts.example.com/prefect', version: '2026.8.12210735' });
  });

  test('fromLocalPath: a packaged chart file, no repository', () => {
    const stack = k8sStack();
    new KubernetesWorker(stack, 'Worker', selfHosted({ chart: PrefectChart.fromLocalPath('/opt/charts/') }));
    const release = onlyResource(synthJson(stack), 'helm_release');
    expect(release.chart).toBe('/opt/charts/prefect-worker-2026.8.18172642.tgz');
    expect(release.repository).toBeUndefined();
  });

  test('the pinned Prefect version is the toolchain\'s (scripts/lib.sh)', () => {
    const lib = readFileSync(path.join(__dirname, '../../../scripts/lib.sh'), 'utf8');
    expect(lib).toContain(`PREFECT_VERSION="${KubernetesWorker.PREFECT_VERSION}"`);
    expect(KubernetesWorker.DEFAULT_IMAGE_TAG).toBe(`${KubernetesWorker.PREFECT_VERSION}-python3.12-kubernetes`);
  });
});

// every refusal: the construct's path, the bad value and the fix
describe('KubernetesWorker refuses at synth', () => {
  const key = KubernetesAuth.apiKeyFromSecret('prefect-api-key');
  const cases: [string, () => KubernetesWorkerProps, RegExp][] = [
    ['Cloud without an API key', () => cloud({ auth: undefined }), /Prefect Cloud \("https:\/\/api\.prefect\.cloud\/api\/accounts\/.*"\) needs an API key: pass auth: KubernetesAuth\.apiKeyFromSecret/],
    ['Cloud with basic auth', () => cloud({ auth: KubernetesAuth.basicAuthFromSecret('x') }), /needs an API key: pass auth: KubernetesAuth\.apiKeyFromSecret/],
    ['self-hosted with an API key', () => selfHosted({ auth: key }), /a self-hosted server \("http:\/\/prefect-server.*"\) takes no API key \(KubernetesAuth\.apiKeyFromSecret "prefect-api-key"\): pass KubernetesAuth\.basicAuthFromSecret/],
    ['self-hosted without a URL', () => selfHosted({ api: PrefectApi.selfHosted('') }), /invalid PrefectApi\.selfHosted URL "": use the server's API address, e\.g\. "https:\/\/prefect\.example\.com\/api"/],
    ['self-hosted at a Cloud URL', () => selfHosted({ api: PrefectApi.selfHosted('https://api.prefect.cloud/api') }), /is a Prefect Cloud URL: use PrefectApi\.cloud\(accountId, workspaceId\)/],
    ['apiKeyPropagation for a self-hosted server', () => selfHosted({ apiKeyPropagation: ApiKeyPropagation.AUTO_SECRET }), /apiKeyPropagation "autoSecret" only applies to Prefect Cloud's API key: remove it/],
    ['a plaintext key as the Secret name', () => cloud({ auth: KubernetesAuth.apiKeyFromSecret('pnu_abcdefghijklmnopqrstuvwxyz0123456789') }), /auth\.secretName holds what looks like a Prefect API key, pnu_\*\*\*\*.*put them in a Kubernetes Secret and pass it by name/],
    ['a plaintext key in the pip packages', () => cloud({ extraPipPackages: 'pnu_abcdefghijklmnopqrstuvwxyz0123456789' }), /extraPipPackages holds what looks like a Prefect API key, pnu_\*\*\*\*/],
    ['a plaintext key in the job template', () => cloud({ jobTemplate: { image: 'pnu_abcdefghijklmnopqrstuvwxyz0123456789' } }), /jobTemplate\.image holds what looks like a Prefect API key/],
    ['a plaintext key as the release name', () => cloud({ releaseName: 'pnu_abcdefghijklmnopqrstuvwxyz0123456789' }), /releaseName holds what looks like a Prefect API key, pnu_\*\*\*\*/],
    ['a plaintext key as the image tag', () => cloud({ imageTag: 'pnu_abcdefghijklmnopqrstuvwxyz0123456789' }), /imageTag holds what looks like a Prefect API key, pnu_\*\*\*\*/],
    ['a bad Secret name', () => cloud({ auth: KubernetesAuth.apiKeyFromSecret('Prefect Key') }), /invalid Secret name "Prefect Key" in auth: a Secret is named like "prefect-api-key"/],
    ['a missing pool', () => cloud({ workPoolName: '' }), /the work pool is missing \(workPoolName ""\): name the kubernetes work pool to create and poll, e\.g\. workPoolName: "k8s-pool"/],
    ['no pool at all', () => cloud({ workPoolName: undefined as any }), /the work pool is missing \(workPoolName null\)/],
    ['replicas 0', () => cloud({ replicas: 0 }), /invalid replicas 0: it must be a whole number of at least 1/],
    ['replicas 1.5', () => cloud({ replicas: 1.5 }), /invalid replicas 1\.5: it must be a whole number of at least 1/],
    ['workerLimit 0', () => cloud({ workerLimit: 0 }), /invalid workerLimit 0/],
    ['memory below the floor', () => cloud({ resources: { memoryLimit: '64Mi' } }), /resources\.memoryLimit "64Mi" is below 128Mi, too little for a Prefect process .*: give at least "128Mi"/],
    ['memory request below the floor', () => cloud({ resources: { memoryRequest: '100M' } }), /resources\.memoryRequest "100M" is below 128Mi/],
    ['zero CPU', () => cloud({ resources: { cpuRequest: '0' } }), /invalid resources\.cpuRequest "0": it must be more than zero, e\.g\. "100m"/],
    ['a CPU that is no quantity', () => cloud({ resources: { cpuLimit: '2 cores' } }), /invalid resources\.cpuLimit "2 cores": use a Kubernetes quantity, e\.g\. "1000m"/],
    ['a request above the limit', () => cloud({ resources: { cpuRequest: '2', cpuLimit: '500m' } }), /resources\.cpuRequest "2" is more than resources\.cpuLimit "500m", which Kubernetes refuses: raise the limit or lower the request/],
    ['memory request above the default limit', () => cloud({ resources: { memoryRequest: '2Gi' } }), /resources\.memoryRequest "2Gi" is more than resources\.memoryLimit "1Gi"/],
    ['the latest tag', () => cloud({ imageTag: 'latest' }), /invalid imageTag "latest": a moving tag changes the release under an unchanged plan; pin a version, e\.g\. "3\.8\.8-python3\.12-kubernetes"/],
    ['the 3-latest tag', () => cloud({ imageTag: '3-latest' }), /invalid imageTag "3-latest": a moving tag/],
    ['a tag with a space', () => cloud({ imageTag: '3.8.8 python' }), /invalid imageTag "3\.8\.8 python": an image tag is up to 128 letters/],
    ['a release name with capitals', () => cloud({ releaseName: 'Worker' }), /invalid releaseName "Worker": use at most 53 lowercase letters/],
    ['a release name too long', () => cloud({ releaseName: 'w'.repeat(54) }), /invalid releaseName "w{54}": use at most 53/],
    ['a bad namespace', () => cloud({ namespace: 'Prefect_NS' }), /invalid namespace "Prefect_NS": a namespace is at most 63 lowercase letters/],
    ['a bad job namespace', () => cloud({ jobNamespace: 'jobs.x' }), /invalid jobNamespace "jobs\.x"/],
    ['jobTemplate.namespace', () => cloud({ jobTemplate: { namespace: 'jobs' } }), /jobTemplate\.namespace "jobs" is set by jobNamespace .*: pass jobNamespace: "jobs" instead/],
    ['a chart version range', () => cloud({ chart: PrefectChart.fromRepository({ version: '^2026.8.0' }) }), /invalid chart version "\^2026\.8\.0": give one exact version, a prefect-helm release such as "2026\.8\.18172642"/],
    ['the latest chart', () => cloud({ chart: PrefectChart.fromRepository({ version: 'latest' }) }), /invalid chart version "latest"/],
    ['a repository that is no URL', () => cloud({ chart: PrefectChart.fromRepository({ repositoryUrl: 'prefecthq.github.io/prefect-helm' }) }), /invalid chart repository "prefecthq\.github\.io\/prefect-helm": use an http\(s\):\/\/ or oci:\/\/ URL/],
    ['a relative chart directory', () => cloud({ chart: PrefectChart.fromLocalPath('charts') }), /PrefectChart\.fromLocalPath\("charts"\) is a relative path, .*: pass an absolute one, e\.g\. path\.resolve\("charts"\)/],
    ['timeoutSeconds 0', () => cloud({ timeoutSeconds: 0 }), /invalid timeoutSeconds 0/],
    ['a bad Cloud account id', () => cloud({ api: PrefectApi.cloud('a/b', 'ws') }), /invalid Prefect Cloud account ID "a\/b"/],
    ['customer-managed Cloud without an API key', () => cloud({ api: PrefectApi.customerManagedCloud('https://prefect.example.com/api', 'a', 'w'), auth: undefined }), /Prefect Cloud \("https:\/\/prefect\.example\.com\/api\/accounts\/a\/workspaces\/w"\) needs an API key: pass auth: KubernetesAuth\.apiKeyFromSecret/],
    ['customer-managed Cloud with basic auth', () => cloud({ api: PrefectApi.customerManagedCloud('https://prefect.example.com/api', 'a', 'w'), auth: KubernetesAuth.basicAuthFromSecret('x') }), /needs an API key: pass auth: KubernetesAuth\.apiKeyFromSecret/],
    ['customer-managed Cloud at no URL', () => cloud({ api: PrefectApi.customerManagedCloud('prefect.example.com', 'a', 'w') }), /invalid cloudApiUrl "prefect\.example\.com" in PrefectApi\.customerManagedCloud\(cloudApiUrl, accountId, workspaceId\): use the installation's API root, e\.g\. "https:\/\/prefect\.example\.com\/api"/],
    ['customer-managed Cloud at Prefect\'s Cloud', () => cloud({ api: PrefectApi.customerManagedCloud('https://api.prefect.cloud/api', 'a', 'w') }), /PrefectApi\.customerManagedCloud\("https:\/\/api\.prefect\.cloud\/api", \.\.\.\) is Prefect's own Cloud: use PrefectApi\.cloud\(accountId, workspaceId\)/],
    ['customer-managed Cloud given a workspace URL', () => cloud({ api: PrefectApi.customerManagedCloud('https://prefect.example.com/api/accounts/a/workspaces/w', 'a', 'w') }), /cloudApiUrl "https:\/\/prefect\.example\.com\/api\/accounts\/a\/workspaces\/w" .* names a workspace already: give the API root \(the part before "\/accounts\/"\), e\.g\. "https:\/\/prefect\.example\.com\/api"/],
    ['customer-managed Cloud with a bad UI URL', () => cloud({ api: PrefectApi.customerManagedCloud('https://prefect.example.com/api', 'a', 'w', { uiUrl: 'app.prefect.example.com' }) }), /invalid uiUrl "app\.prefect\.example\.com" in PrefectApi\.customerManagedCloud\(\.\.\.\): use the Cloud UI's address/],
    ['customer-managed Cloud with a bad workspace id', () => cloud({ api: PrefectApi.customerManagedCloud('https://prefect.example.com/api', 'a', 'w w') }), /invalid Prefect Cloud workspace ID "w w" in PrefectApi\.customerManagedCloud\(cloudApiUrl, accountId, workspaceId\): give the ID from the workspace's URL \(the Cloud UI\/account/],
    ['customer-managed Cloud with a key in its URL', () => cloud({ api: PrefectApi.customerManagedCloud('https://pnu_abcdefghijklmnopqrstuvwxyz0123456789@prefect.example.com/api', 'a', 'w') }), /pnu_\*\*\*\*/],
  ];

  test.each(cases)('%s', (_name, props, message) => {
    const error = synthError((scope) => new KubernetesWorker(scope, 'Worker', props()), k8sStack);
    // the path, then the message with the value and the fix
    expect(error).toMatch(/^Stack\/Worker: /);
    expect(error).toMatch(message);
  });

  test('the table has at least 25 rows', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  test('a block as the cluster config is not taken for a credential', () => {
    const stack = k8sStack();
    const block = Block.fromBlockName(stack, 'Cluster', BlockType.custom('kubernetes-cluster-config'), 'prod');
    new KubernetesWorker(stack, 'Worker', cloud({ jobTemplate: { clusterConfig: block } }));
    expect(() => synthJson(stack)).not.toThrow();
  });
});

function sortDeep(v: any): any {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]));
}
