import { PrefectApi } from 'cdktf-prefect';
import { KubernetesAuth, KubernetesWorker, PrefectExporter, PrefectServer, PrefectServerProps, RedisMessaging, ServerBackgroundServices, ServerDatabase } from '../src';
import { onlyResource, synthError, synthJson } from '../../../test/support/synth';
import { k8sStack, releaseValues } from './fixtures';

const REDIS = RedisMessaging.external('redis-master.redis.svc.cluster.local', { passwordSecretName: 'redis' });
const separate = (services: Partial<ServerBackgroundServices> = {}, extra: Partial<PrefectServerProps> = {}): PrefectServerProps =>
  external({ backgroundServices: { redis: REDIS, ...services }, ...extra });
const external = (extra: Partial<PrefectServerProps> = {}): PrefectServerProps => ({ database: ServerDatabase.externalFromSecret('prefect-db', 'url'), ...extra });

describe('PrefectServer', () => {
  test('external database, basic auth, ingress (snapshot)', () => {
    const stack = k8sStack();
    new PrefectServer(stack, 'Server', external({
      auth: KubernetesAuth.basicAuthFromSecret('prefect-auth'),
      ingress: { hostname: 'prefect.example.com', className: 'nginx', tls: true, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
      releaseName: 'prefect',
    }));
    expect(synthJson(stack)).toMatchSnapshot();
  });

  test('values: the database URL and basic auth only from Secrets, no password anywhere, the pinned image, the UI URL from the ingress', () => {
    const stack = k8sStack();
    const server = new PrefectServer(stack, 'Server', external({
      auth: KubernetesAuth.basicAuthFromSecret('prefect-auth'),
      ingress: { hostname: 'prefect.example.com', tls: true },
      replicas: 2,
      resources: { memoryLimit: '2Gi' },
    }));
    const json = synthJson(stack);
    const release = onlyResource(json, 'helm_release');
    expect(release).toMatchObject({ chart: 'prefect-server', version: '2026.8.18172642', namespace: 'prefect', timeout: 600, name: server.releaseName });
    expect(releaseValues(json)).toEqual({
      fullnameOverride: server.releaseName,
      global: { prefect: { image: { repository: 'prefecthq/prefect', prefectTag: '3.8.8-python3.12' } } },
      server: {
        basicAuth: { enabled: true, existingSecret: 'prefect-auth' },
        replicaCount: 2,
        resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
        uiConfig: { prefectUiApiUrl: 'https://prefect.example.com/api' },
      },
      ingress: { enabled: true, className: '', host: { hostname: 'prefect.example.com', path: '/', pathType: 'Prefix' }, tls: true, annotations: {} },
      postgresql: { enabled: false },
      secret: { create: false },
      externalDatabase: { existingSecret: 'prefect-db', connectionStringSecretKey: 'url' },
    });
    expect(JSON.stringify(json)).not.toMatch(/prefect-rocks|admin:pass|password":"[^"]/);
  });

  test('bundled PostgreSQL: the password from the Secret (the chart\'s default one overridden), persistent', () => {
    const stack = k8sStack();
    new PrefectServer(stack, 'Server', { database: ServerDatabase.bundledPostgres('prefect-db', { size: '20Gi' }) });
    const v = releaseValues(synthJson(stack));
    expect(v.postgresql).toEqual({ enabled: true, auth: { existingSecret: 'prefect-db', password: '' }, primary: { persistence: { enabled: true, size: '20Gi' } } });
    expect(v.secret).toEqual({ create: false });
    expect(v.ingress).toEqual({ enabled: false });
    expect(v.server.uiConfig).toBeUndefined();
  });

  test('SQLite', () => {
    const stack = k8sStack();
    new PrefectServer(stack, 'Server', { database: ServerDatabase.sqlite() });
    expect(releaseValues(synthJson(stack))).toMatchObject({ sqlite: { enabled: true }, postgresql: { enabled: false }, secret: { create: false } });
  });

  test('background services in a Deployment of their own: Redis messaging, the password by Secret, the migrations Job on', () => {
    const stack = k8sStack();
    const server = new PrefectServer(stack, 'Server', separate({}, { releaseName: 'prefect' }));
    expect(server.backgroundServicesName).toBe('prefect-background-services');
    const v = releaseValues(synthJson(stack));
    expect(v.backgroundServices).toEqual({
      runAsSeparateDeployment: true,
      replicaCount: 1,
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      messaging: {
        broker: 'prefect_redis.messaging',
        cache: 'prefect_redis.messaging',
        redis: {
          host: 'redis-master.redis.svc.cluster.local', port: 6379, db: 0, username: '', ssl: false,
          password: '', existingSecret: 'redis', existingSecretPasswordKey: 'redis-password',
        },
        docket: { url: '', existingSecret: '', existingSecretKey: 'docket-url' },
      },
    });
    expect(v.migrations).toEqual({ enabled: true, timeoutSeconds: 300 });
    expect(v.redis).toEqual({ enabled: false });
  });

  test('background services: every option', () => {
    const stack = k8sStack();
    new PrefectServer(stack, 'Server', separate({
      redis: RedisMessaging.external('redis.example.com', { port: 6380, db: 2, username: 'prefect', ssl: true, passwordSecretName: 'redis-auth', passwordSecretKey: 'pw' }),
      replicas: 2, resources: { memoryLimit: '2Gi' }, migrationsTimeoutSeconds: 900, docketUrlSecretName: 'docket', docketUrlSecretKey: 'url',
    }));
    const v = releaseValues(synthJson(stack));
    expect(v.backgroundServices).toMatchObject({
      replicaCount: 2,
      resources: { limits: { memory: '2Gi' } },
      messaging: {
        redis: { host: 'redis.example.com', port: 6380, db: 2, username: 'prefect', ssl: true, password: '', existingSecret: 'redis-auth', existingSecretPasswordKey: 'pw' },
        docket: { url: '', existingSecret: 'docket', existingSecretKey: 'url' },
      },
    });
    expect(v.migrations).toEqual({ enabled: true, timeoutSeconds: 900 });
  });

  test('background services without migrations; no backgroundServices values at all without them', () => {
    const stack = k8sStack();
    new PrefectServer(stack, 'Server', separate({ migrations: false, redis: RedisMessaging.external('redis') }));
    const v = releaseValues(synthJson(stack));
    expect(v.migrations).toEqual({ enabled: false, timeoutSeconds: 300 });
    expect(v.backgroundServices.messaging.redis.existingSecret).toBe('');
    const plain = k8sStack();
    const server = new PrefectServer(plain, 'Server', external());
    expect(server.backgroundServicesName).toBeUndefined();
    expect(Object.keys(releaseValues(synthJson(plain)))).not.toEqual(expect.arrayContaining(['backgroundServices']));
  });

  test('server, worker and exporter wired in one app: the worker and exporter take the server\'s api and auth', () => {
    const stack = k8sStack();
    const server = new PrefectServer(stack, 'Server', external({ releaseName: 'prefect', namespace: 'prefect', auth: KubernetesAuth.basicAuthFromSecret('prefect-auth') }));
    expect(server.apiUrl).toBe('http://prefect.prefect.svc.cluster.local:4200/api');
    new KubernetesWorker(stack, 'Worker', { api: server.api, auth: server.auth, workPoolName: 'k8s' });
    new PrefectExporter(stack, 'Exporter', { api: server.api, auth: server.auth, serviceMonitor: { labels: { release: 'prom' } } });
    const json = synthJson(stack);
    const values = Object.fromEntries(Object.values(json.resource.helm_release).map((r: any) => [r.chart, JSON.parse(r.values[0])]));
    expect(values['prefect-worker'].worker.selfHostedServerApiConfig).toEqual({ apiUrl: server.apiUrl, basicAuth: { enabled: true, existingSecret: 'prefect-auth' } });
    expect(values['prometheus-prefect-exporter']).toMatchObject({
      prefectApiUrl: server.apiUrl,
      basicAuth: { enabled: true, existingSecret: 'prefect-auth' },
      serviceMonitor: { enabled: true, interval: '30s', additionalLabels: { release: 'prom' } },
    });
  });
});

describe('PrefectExporter', () => {
  test('Prefect Cloud: the key as a secretKeyRef, no ServiceMonitor (snapshot)', () => {
    const stack = k8sStack();
    new PrefectExporter(stack, 'Exporter', {
      api: PrefectApi.cloud('0eb2d9a6-5b8c-4f3e-9d1a-2c3b4d5e6f70', '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d'),
      auth: KubernetesAuth.apiKeyFromSecret('prefect-api-key'),
      releaseName: 'exporter',
    });
    const json = synthJson(stack);
    expect(json).toMatchSnapshot();
    expect(releaseValues(json)).toEqual({
      fullnameOverride: 'exporter',
      image: { tag: '1.1.0' },
      prefectApiUrl: 'https://api.prefect.cloud/api/accounts/0eb2d9a6-5b8c-4f3e-9d1a-2c3b4d5e6f70/workspaces/7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
      basicAuth: { enabled: false },
      extraEnvVars: [{ name: 'PREFECT_API_KEY', valueFrom: { secretKeyRef: { name: 'prefect-api-key', key: 'key' } } }],
      pagination: { enabled: true },
      serviceMonitor: { enabled: false },
    });
  });
});

describe('PrefectServer and PrefectExporter refuse at synth', () => {
  const cloud = PrefectApi.cloud('acc', 'ws');
  const cases: [string, (scope: any) => void, RegExp][] = [
    ['a server without a database', (s) => new PrefectServer(s, 'X', {} as any), /the database is not given: pass database: ServerDatabase\.externalFromSecret/],
    ['a server with an API key', (s) => new PrefectServer(s, 'X', external({ auth: KubernetesAuth.apiKeyFromSecret('k') })), /a self-hosted server takes no API key \(KubernetesAuth\.apiKeyFromSecret "k"\)/],
    ['a key as the database Secret', (s) => new PrefectServer(s, 'X', { database: ServerDatabase.externalFromSecret('pnu_abcdefghijklmnopqrstuvwxyz0123456789') }), /database\.secretName holds what looks like a Prefect API key, pnu_\*\*\*\*/],
    ['a connection string literal as the key', (s) => new PrefectServer(s, 'X', { database: ServerDatabase.externalFromSecret('db', 'postgresql://u:p@h/db') }), /invalid Secret key "postgresql:\/\/u:p@h\/db" in database/],
    ['SQLite with 2 replicas', (s) => new PrefectServer(s, 'X', { database: ServerDatabase.sqlite(), replicas: 2 }), /replicas 2 with ServerDatabase\.sqlite\(\): SQLite serves one server pod/],
    ['a bad database size', (s) => new PrefectServer(s, 'X', { database: ServerDatabase.bundledPostgres('db', { size: '20 GB' }) }), /invalid database size "20 GB" in ServerDatabase\.bundledPostgres\(\): use a Kubernetes quantity, e\.g\. "8Gi"/],
    ['a size without persistence', (s) => new PrefectServer(s, 'X', { database: ServerDatabase.bundledPostgres('db', { size: '8Gi', persistence: false }) }), /database size "8Gi" without persistence/],
    ['an ingress host with a scheme', (s) => new PrefectServer(s, 'X', external({ ingress: { hostname: 'https://prefect.example.com' } })), /invalid ingress\.hostname "https:\/\/prefect\.example\.com": give a DNS name/],
    ['an ingress path without /', (s) => new PrefectServer(s, 'X', external({ ingress: { hostname: 'a.example.com', path: 'prefect' } })), /invalid ingress\.path "prefect": it starts with "\/"/],
    ['a bad UI URL', (s) => new PrefectServer(s, 'X', external({ uiApiUrl: 'prefect.example.com/api' })), /invalid uiApiUrl "prefect\.example\.com\/api"/],
    ['the server\'s latest tag', (s) => new PrefectServer(s, 'X', external({ imageTag: '3-latest' })), /invalid imageTag "3-latest": a moving tag .* e\.g\. "3\.8\.8-python3\.12"/],
    ['server memory below the floor', (s) => new PrefectServer(s, 'X', external({ resources: { memoryRequest: '64Mi' } })), /resources\.memoryRequest "64Mi" is below 128Mi/],
    ['server replicas 0', (s) => new PrefectServer(s, 'X', external({ replicas: 0 })), /invalid replicas 0/],
    ['a plaintext auth string in the UI URL', (s) => new PrefectServer(s, 'X', external({ uiApiUrl: 'https://x.example.com/api?k=pnu_abcdefghijklmnopqrstuvwxyz0123456789' })), /uiApiUrl holds what looks like a Prefect API key/],
    ['background services on SQLite', (s) => new PrefectServer(s, 'X', { database: ServerDatabase.sqlite(), backgroundServices: { redis: REDIS } }), /backgroundServices with ServerDatabase\.sqlite\(\): the background services run in pods of their own, which cannot share the server's SQLite file .*; use ServerDatabase\.externalFromSecret/],
    ['background services without Redis', (s) => new PrefectServer(s, 'X', external({ backgroundServices: {} as any })), /backgroundServices without redis: the API pods and the separate background services exchange events through Redis; pass redis: RedisMessaging\.external\(host, \{ passwordSecretName \}\)/],
    ['a Redis URL as the host', (s) => new PrefectServer(s, 'X', separate({ redis: RedisMessaging.external('redis://redis:6379/0') })), /invalid Redis host "redis:\/\/redis:6379\/0" in RedisMessaging\.external\(host\): give a host name only \(no scheme, port or password\)/],
    ['a Redis password in the host', (s) => new PrefectServer(s, 'X', separate({ redis: RedisMessaging.external('redis://:pnu_abcdefghijklmnopqrstuvwxyz0123456789@redis') })), /holds what looks like a Prefect API key, pnu_\*\*\*\*/],
    ['an empty Redis host', (s) => new PrefectServer(s, 'X', separate({ redis: RedisMessaging.external('') })), /invalid Redis host ""/],
    ['a Redis port out of range', (s) => new PrefectServer(s, 'X', separate({ redis: RedisMessaging.external('redis', { port: 70000 }) })), /invalid backgroundServices\.redis\.port 70000/],
    ['a negative Redis db', (s) => new PrefectServer(s, 'X', separate({ redis: RedisMessaging.external('redis', { db: -1 }) })), /invalid backgroundServices\.redis\.db -1/],
    ['a password key without its Secret', (s) => new PrefectServer(s, 'X', separate({ redis: RedisMessaging.external('redis', { passwordSecretKey: 'pw' }) })), /passwordSecretKey "pw" without passwordSecretName in RedisMessaging\.external\(\.\.\.\): name the Secret/],
    ['a bad Redis password Secret', (s) => new PrefectServer(s, 'X', separate({ redis: RedisMessaging.external('redis', { passwordSecretName: 'Redis Secret' }) })), /invalid Secret name "Redis Secret" in backgroundServices\.redis/],
    ['two background-services replicas with Docket in memory', (s) => new PrefectServer(s, 'X', separate({ replicas: 2 })), /backgroundServices\.replicas 2 with Docket in memory: each replica would schedule on its own; give docketUrlSecretName/],
    ['background-services replicas 0', (s) => new PrefectServer(s, 'X', separate({ replicas: 0 })), /invalid backgroundServices\.replicas 0/],
    ['a Docket key without its Secret', (s) => new PrefectServer(s, 'X', separate({ docketUrlSecretKey: 'url' })), /docketUrlSecretKey "url" without docketUrlSecretName in backgroundServices/],
    ['background-services memory below the floor', (s) => new PrefectServer(s, 'X', separate({ resources: { memoryLimit: '100Mi' } })), /backgroundServices\.resources\.memoryLimit "100Mi" is below 128Mi/],
    ['background-services request above the limit', (s) => new PrefectServer(s, 'X', separate({ resources: { cpuRequest: '2' } })), /backgroundServices\.resources\.cpuRequest "2" is more than backgroundServices\.resources\.cpuLimit "1"/],
    ['a migrations timeout of 0', (s) => new PrefectServer(s, 'X', separate({ migrationsTimeoutSeconds: 0 })), /invalid backgroundServices\.migrationsTimeoutSeconds 0/],
    ['a migrations timeout without migrations', (s) => new PrefectServer(s, 'X', separate({ migrations: false, migrationsTimeoutSeconds: 60 })), /backgroundServices\.migrationsTimeoutSeconds 60 with migrations: false: remove it/],
    ['background services on Prefect 3.1.12', (s) => new PrefectServer(s, 'X', separate({}, { imageTag: '3.1.12-python3.12' })), /imageTag "3\.1\.12-python3\.12" with backgroundServices: the chart runs separate background services only on Prefect 3\.1\.13 or later, .* e\.g\. "3\.8\.8-python3\.12"/],
    ['background services on a tag without a version', (s) => new PrefectServer(s, 'X', separate({}, { imageTag: '3-python3.12' })), /imageTag "3-python3\.12" with backgroundServices: the chart runs separate background services only on Prefect 3\.1\.13 or later/],
    ['an exporter for Cloud without a key', (s) => new PrefectExporter(s, 'X', { api: cloud }), /Prefect Cloud \(.*\) needs an API key: pass auth: KubernetesAuth\.apiKeyFromSecret/],
    ['an exporter for Cloud with basic auth', (s) => new PrefectExporter(s, 'X', { api: cloud, auth: KubernetesAuth.basicAuthFromSecret('a') }), /Prefect Cloud takes an API key, not basic auth/],
    ['an exporter for a server with a key', (s) => new PrefectExporter(s, 'X', { api: PrefectApi.selfHosted('http://s:4200/api'), auth: KubernetesAuth.apiKeyFromSecret('k') }), /a self-hosted server \("http:\/\/s:4200\/api"\) takes no API key/],
    ['an exporter without an API', (s) => new PrefectExporter(s, 'X', {} as any), /the Prefect API is not given: pass api: server\.api/],
    ['a bad scrape interval', (s) => new PrefectExporter(s, 'X', { api: PrefectApi.selfHosted('http://s:4200/api'), serviceMonitor: { interval: '30 seconds' } }), /invalid serviceMonitor\.interval "30 seconds": use a Prometheus duration/],
    ['the exporter\'s latest tag', (s) => new PrefectExporter(s, 'X', { api: PrefectApi.selfHosted('http://s:4200/api'), imageTag: 'latest' }), /invalid imageTag "latest".* e\.g\. "1\.1\.0"/],
    ['a bad exporter release name', (s) => new PrefectExporter(s, 'X', { api: PrefectApi.selfHosted('http://s:4200/api'), releaseName: 'Exporter!' }), /invalid releaseName "Exporter!"/],
  ];
  test.each(cases)('%s', (_name, build, message) => {
    const error = synthError(build, k8sStack);
    expect(error).toMatch(/^Stack\/X: /);
    expect(error).toMatch(message);
  });

  test('a custom image repository may use any tag with background services (the chart checks only prefecthq/prefect)', () => {
    const stack = k8sStack();
    new PrefectServer(stack, 'Server', separate({}, { imageRepository: 'registry.example.com/prefect', imageTag: 'prod-2026' }));
    expect(() => synthJson(stack)).not.toThrow();
  });
});
