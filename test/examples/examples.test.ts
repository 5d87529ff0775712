import { exec } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { missingProvider, missingProviders } from '../e2e/support/env';
import { validateStack } from '../e2e/support/terraform';
import { AppRun, EXAMPLES, expectSuccess, readStack, removeRun, ROOT, runApp, stackAnnotations } from '../multilang/support/app';
import { libNotBuilt, testUnless } from '../support/skip';

// Every TypeScript app in examples/ and packages/<cloud>/examples/ is run the way `cdktf synth` runs it (runApp: the `app`
// command of its cdktf.json, with the environment the CLI sets). The examples import the
// compiled library (../../lib), so they need `npx projen compile` (npm test does it first).
// The apps in other languages (examples/python/...) have their own tests in test/multilang.

const LIB_BUILT = fs.existsSync(path.join(ROOT, 'lib', 'index.js'))
  && fs.existsSync(path.join(ROOT, 'lib', '.gen', 'providers', 'prefect', 'provider', 'index.js'));
const run = promisify(exec);

/** What each example must synthesize: its stack, and at least this many resources per type. */
interface Expectation {
  readonly stack: string;
  /** Every stack the app synthesizes, when it has more than `stack` (an app of environments). */
  readonly stacks?: string[];
  readonly resources: Record<string, number>;
  readonly check?: (tf: any) => void;
  /** The synth warnings the example shows on purpose, as [construct path, message]; none else. */
  readonly warnings?: Array<[string, RegExp]>;
}

const CLOUD_ONLY = /^a webhook \(prefect_webhook\) is available on Prefect Cloud only/;

const EXPECTED: Record<string, Expectation> = {
  'ecs-worker': {
    stack: 'ecs-worker',
    resources: {
      aws_ecs_cluster: 1, aws_ecs_service: 1, aws_ecs_task_definition: 1, aws_iam_role: 3,
      aws_security_group: 1, aws_cloudwatch_log_group: 1, prefect_work_pool: 1,
    },
    check: (tf) => {
      const pool = Object.values<any>(tf.resource.prefect_work_pool)[0];
      expect(pool.type).toBe('ecs');
      // the pool's template is filled from what the stack created (references, not literals)
      expect(pool.base_job_template).toContain('aws_ecs_cluster');
    },
  },
  'kubernetes-worker': {
    stack: 'kubernetes-worker',
    resources: { helm_release: 3, prefect_work_pool: 1 },
    check: (tf) => {
      const releases = Object.values<any>(tf.resource.helm_release);
      expect(releases.map((r) => r.chart).sort()).toEqual(['prefect-server', 'prefect-worker', 'prometheus-prefect-exporter']);
      const worker = JSON.parse(releases.find((r) => r.chart === 'prefect-worker').values[0]);
      // the worker and exporter take the server's in-cluster URL and its auth Secret
      expect(worker.worker.selfHostedServerApiConfig).toEqual({
        apiUrl: 'http://prefect.prefect.svc.cluster.local:4200/api', basicAuth: { enabled: true, existingSecret: 'prefect-auth' },
      });
      expect(Object.values<any>(tf.resource.prefect_work_pool)[0].type).toBe('kubernetes');
    },
  },
  's3-bucket-sensor': {
    stack: 's3-bucket-sensor',
    resources: {
      aws_s3_bucket: 1, aws_s3_bucket_public_access_block: 1, aws_s3_bucket_notification: 1,
      aws_cloudwatch_event_rule: 2, aws_cloudwatch_event_connection: 2, aws_cloudwatch_event_api_destination: 2,
      aws_cloudwatch_event_target: 2, aws_iam_role: 2, aws_sqs_queue: 2, aws_cloudwatch_metric_alarm: 2,
      prefect_webhook: 2, prefect_automation: 2, prefect_deployment: 1,
    },
    check: (tf) => {
      // one sensor creates its bucket, the other watches an existing one and leaves its notifications alone
      expect(Object.values<any>(tf.resource.aws_s3_bucket).map((b) => b.bucket)).toEqual(['acme-partner-landing']);
      expect(Object.values<any>(tf.resource.aws_s3_bucket_notification)).toHaveLength(1);
      const patterns = Object.values<any>(tf.resource.aws_cloudwatch_event_rule).map((r) => r.event_pattern);
      expect(patterns).toContainEqual(expect.stringContaining('{"wildcard" = "incoming/*.csv"}'));
      expect(patterns.filter((p) => !p.startsWith('${')).map((p) => JSON.parse(p))).toEqual([
        { 'source': ['aws.s3'], 'detail-type': ['Object Created'], 'detail': { bucket: { name: ['acme-erp-exports'] }, object: { key: [{ suffix: '.parquet' }] } } },
      ]);
      // the service account's key reaches EventBridge by reference (Secrets Manager), as a Bearer header
      for (const c of Object.values<any>(tf.resource.aws_cloudwatch_event_connection)) {
        expect(c.auth_parameters.api_key).toEqual({ key: 'Authorization', value: 'Bearer ${data.aws_secretsmanager_secret_version.WebhookApiKey.secret_string}' });
      }
      for (const w of Object.values<any>(tf.resource.prefect_webhook)) expect(w.service_account_id).toBe('${var.prefect_service_account_id}');
      for (const d of Object.values<any>(tf.resource.aws_cloudwatch_event_api_destination)) expect(d.invocation_rate_limit_per_second).toBe(10);
      for (const t of Object.values<any>(tf.resource.aws_cloudwatch_event_target)) {
        expect(t.retry_policy).toEqual({ maximum_retry_attempts: 50, maximum_event_age_in_seconds: 21600 });
        expect(t.dead_letter_config.arn).toMatch(/^\$\{aws_sqs_queue\.\w+\.arn\}$/);
      }
      // each automation runs the deployment with the bucket and the object's key
      const params = Object.values<any>(tf.resource.prefect_automation).map((a) => JSON.parse(a.actions[0].parameters));
      expect(params).toEqual(expect.arrayContaining(['acme-partner-landing', 'acme-erp-exports'].map((bucket) => ({
        bucket, key: { __prefect_kind: 'jinja', template: '{{ event.resource[\'object-key\'] }}' },
      }))));
    },
    warnings: [['s3-bucket-sensor/PartnerLanding/Default/Webhook', CLOUD_ONLY], ['s3-bucket-sensor/ErpExports/Default/Webhook', CLOUD_ONLY]],
  },
  'gcs-bucket-sensor': {
    stack: 'gcs-bucket-sensor',
    resources: {
      google_storage_bucket: 1, google_storage_notification: 2, google_pubsub_topic: 4, google_pubsub_topic_iam_member: 4,
      google_pubsub_subscription: 2, google_pubsub_subscription_iam_member: 2, prefect_webhook: 2, prefect_automation: 2, prefect_deployment: 1,
    },
    check: (tf) => {
      // one sensor creates its bucket (in the EU, not the module's US), the other watches an existing one
      expect(Object.values<any>(tf.resource.google_storage_bucket).map((b) => [b.name, b.location])).toEqual([['acme-partner-landing', 'EU']]);
      expect(Object.values<any>(tf.resource.google_storage_notification).map((n) => [n.bucket, n.object_name_prefix ?? null]).sort())
        .toEqual([['${google_storage_bucket.PartnerLanding_Bucket_5E04FCC9.name}', 'incoming/'], ['acme-erp-exports', null]]);
      // IAM members only, never an authoritative binding or policy
      expect(Object.keys(tf.resource).filter((t) => /_iam_(binding|policy)$/.test(t))).toEqual([]);
      for (const s of Object.values<any>(tf.resource.google_pubsub_subscription)) {
        expect(s.push_config.push_endpoint).toMatch(/^\$\{prefect_webhook\.\w+\.endpoint\}$/);
        expect(s.retry_policy).toEqual({ minimum_backoff: '5s', maximum_backoff: '600s' });
        expect(s.dead_letter_policy.max_delivery_attempts).toBe(10);
      }
      const params = Object.values<any>(tf.resource.prefect_automation).map((a) => JSON.parse(a.actions[0].parameters));
      expect(params).toEqual(expect.arrayContaining(['acme-partner-landing', 'acme-erp-exports'].map((bucket) => ({
        bucket, key: { __prefect_kind: 'jinja', template: '{{ event.resource[\'object-key\'] }}' },
      }))));
    },
    warnings: [['gcs-bucket-sensor/PartnerLanding/Default/Webhook', CLOUD_ONLY], ['gcs-bucket-sensor/ErpExports/Default/Webhook', CLOUD_ONLY]],
  },
  'azure-blob-sensor': {
    stack: 'azure-blob-sensor',
    resources: {
      azurerm_storage_account: 1, azurerm_eventgrid_system_topic: 1, azurerm_eventgrid_system_topic_event_subscription: 2,
      azurerm_storage_container: 2, prefect_webhook: 2, prefect_automation: 2, prefect_deployment: 1,
    },
    check: (tf) => {
      // one sensor creates its account and system topic; the other reads an existing account and its topic
      expect(Object.values<any>(tf.resource.azurerm_storage_account).map((a) => [a.name, a.location, a.min_tls_version])).toEqual([['acmepartnerlanding', 'westeurope', 'TLS1_2']]);
      expect(Object.values<any>(tf.data.azurerm_eventgrid_system_topic).map((t) => [t.name, t.resource_group_name])).toEqual([['acmeerpexports-events', 'erp-prod']]);
      const subs = Object.values<any>(tf.resource.azurerm_eventgrid_system_topic_event_subscription);
      expect(subs.map((s) => [s.subject_filter.subject_begins_with ?? null, s.subject_filter.subject_ends_with]).sort()).toEqual([
        [null, '.parquet'], ['/blobServices/default/containers/landing/blobs/incoming/', '.csv'],
      ]);
      for (const s of subs) {
        expect(s.webhook_endpoint).toEqual({ url: expect.stringMatching(/^\$\{prefect_webhook\.\w+\.endpoint\}$/), max_events_per_batch: 1 });
        expect(s.included_event_types).toEqual(['Microsoft.Storage.BlobCreated']);
        expect(s.retry_policy).toEqual({ max_delivery_attempts: 10, event_time_to_live: 360 });
        expect(s.storage_blob_dead_letter_destination.storage_blob_container_name).toMatch(/^\$\{azurerm_storage_container\.\w+\.name\}$/);
      }
      // the protected webhook gets its Bearer header, the key only by reference
      expect(subs.map((s) => s.delivery_property ?? null).filter((d) => d !== null)).toEqual([[{
        header_name: 'Authorization', type: 'Static', value: 'Bearer ${var.webhook_api_key}', secret: true,
      }]]);
      expect(tf.variable.webhook_api_key.sensitive).toBe(true);
      const params = Object.values<any>(tf.resource.prefect_automation).map((a) => JSON.parse(a.actions[0].parameters));
      expect(params).toEqual([0, 1].map(() => ({
        container: { __prefect_kind: 'jinja', template: '{{ event.resource[\'container\'] }}' },
        blob: { __prefect_kind: 'jinja', template: '{{ event.resource[\'blob-name\'] }}' },
      })));
    },
    warnings: [['azure-blob-sensor/PartnerLanding/Default/Webhook', CLOUD_ONLY], ['azure-blob-sensor/ErpExports/Default/Webhook', CLOUD_ONLY]],
  },
  'cloud-run-worker': {
    stack: 'cloud-run-worker',
    resources: {
      google_cloud_run_v2_service: 1, google_service_account: 2, google_project_iam_custom_role: 2, google_project_iam_member: 1,
      google_service_account_iam_member: 1, google_secret_manager_secret_iam_member: 2, prefect_work_pool: 1, prefect_deployment: 1,
    },
    check: (tf) => {
      // IAM members only, never an authoritative binding or policy; no predefined role but secretAccessor
      expect(Object.keys(tf.resource).filter((t) => /_iam_(binding|policy)$/.test(t))).toEqual([]);
      const roles = Object.values<any>(tf.resource.google_project_iam_custom_role).map((r) => [...r.permissions].sort());
      expect(roles).toContainEqual(['run.executions.get', 'run.jobs.create', 'run.jobs.delete', 'run.jobs.get', 'run.jobs.run']);
      const service = Object.values<any>(tf.resource.google_cloud_run_v2_service)[0];
      expect(service.template.scaling).toEqual({ min_instance_count: 1, max_instance_count: 1 });
      expect(service.template.containers[0].resources.cpu_idle).toBe(false);
      expect(JSON.stringify(tf)).not.toMatch(/pnu_/);
    },
  },
  'aci-worker': {
    stack: 'aci-worker',
    resources: {
      azurerm_container_group: 1, azurerm_user_assigned_identity: 2, azurerm_role_definition: 5, azurerm_role_assignment: 7,
      azurerm_log_analytics_workspace: 1, prefect_work_pool: 1,
    },
    check: (tf) => {
      const pool = Object.values<any>(tf.resource.prefect_work_pool)[0];
      expect(pool.type).toBe('azure-container-instance');
      // the pool's template is filled from what the stack created (references, not literals)
      expect(pool.base_job_template).toContain('azurerm_user_assigned_identity');
      // the API key is read by the container from Key Vault: no secret data source, no secure variable
      expect(JSON.stringify(tf)).not.toMatch(/azurerm_key_vault_secret|secure_environment_variables/);
      const group = Object.values<any>(tf.resource.azurerm_container_group)[0];
      expect(group.ip_address_type).toBe('Private');
    },
  },
  'scheduled-deployment': {
    stack: 'scheduled-deployment',
    resources: { prefect_work_pool: 1, prefect_work_queue: 1, prefect_flow: 1, prefect_deployment: 1, prefect_deployment_schedule: 2 },
  },
  'work-pools': {
    stack: 'work-pools',
    resources: {
      prefect_work_pool: 3, prefect_work_queue: 2, prefect_global_concurrency_limit: 1,
      prefect_flow: 3, prefect_deployment: 4, prefect_deployment_schedule: 3,
    },
    check: (tf) => {
      const pools = Object.values<any>(tf.resource.prefect_work_pool);
      expect(pools.map((p) => p.type).sort()).toEqual(['docker', 'ecs', 'kubernetes']);
      for (const p of pools) expect(p.base_job_template).toBeDefined();
      const queues = Object.values<any>(tf.resource.prefect_work_queue);
      expect(queues.map((q) => q.priority).sort()).toEqual([1, 2]);
      const deployments = Object.values<any>(tf.resource.prefect_deployment);
      expect(deployments.filter((d) => d.global_concurrency_limit_id !== undefined)).toHaveLength(3);
    },
  },
  'environments': {
    // the per-stack tests look at prod; test/e2e/environments-example.e2e.test.ts applies both
    stack: 'prod',
    stacks: ['dev', 'prod'],
    resources: { prefect_work_pool: 1, prefect_flow: 1, prefect_deployment: 2, prefect_deployment_schedule: 2 },
    check: (tf) => {
      expect(Object.values<any>(tf.resource.prefect_flow).map((f) => f.name)).toEqual(['orders']);
      expect(Object.values<any>(tf.resource.prefect_deployment_schedule).map((s) => s.active)).toEqual([true, true]);
      expect(tf.terraform.backend.local.path).toMatch(/terraform\.prod\.tfstate$/);
    },
  },
  'event-driven': {
    stack: 'event-driven',
    resources: { prefect_automation: 6, prefect_block: 1, prefect_work_pool: 1, prefect_flow: 3, prefect_deployment: 4 },
    check: (tf) => {
      const automations = Object.values<any>(tf.resource.prefect_automation);
      // pool.onFlowRunState: flow runs of any deployment in the pool, the pool being a related resource
      const onPool = automations.find((a) => a.name === 'ingest-docker flow run crashed');
      expect(onPool.trigger.event.match_related).toContain('"prefect.resource.role" = "work-pool"');
      const kinds = automations.map((a) => Object.keys(a.trigger)[0]);
      expect(kinds).toContain('compound');
      expect(kinds).not.toContain('metric');
      const types = automations.flatMap((a) => a.actions.map((x: any) => x.type));
      expect(types).toEqual(expect.arrayContaining(['run-deployment', 'send-notification', 'pause-deployment']));
      expect(types).not.toContain('declare-incident');
      // labels of the event's resource passed as Jinja parameters
      expect(JSON.stringify(automations)).toContain('{{ event.resource[\'acme.storage.key\'] }}');
      // Cloud-only resources stay out of a self-hosted example
      expect(tf.resource.prefect_webhook).toBeUndefined();
      expect(tf.resource.prefect_resource_sla).toBeUndefined();
    },
  },
  'secrets-and-variables': {
    stack: 'secrets-and-variables',
    resources: {
      prefect_variable: 5, prefect_block: 2, prefect_work_pool: 1, prefect_flow: 1, prefect_deployment: 1, prefect_deployment_schedule: 1,
    },
    check: (tf) => {
      const values = Object.values<any>(tf.resource.prefect_variable).map((v) => v.value);
      const kinds = new Set(values.map((v) => (Array.isArray(v) ? 'list' : typeof v)));
      expect([...kinds].sort()).toEqual(['boolean', 'list', 'number', 'object', 'string']);
      const blocks = Object.values<any>(tf.resource.prefect_block);
      const secret = blocks.find((b) => b.type_slug === 'secret');
      expect(secret.data).toBeUndefined();
      expect(secret.data_wo).toMatch(/var\.github_token/);
      expect(blocks.find((b) => b.type_slug === 'local-file-system').data).toBe('{"basepath":"/mnt/prefect-results"}');
      const steps = Object.values<any>(tf.resource.prefect_deployment)[0].pull_steps;
      expect(steps[0]).toMatchObject({ type: 'git_clone', access_token: '{{ prefect.blocks.secret.github-flows-token }}' });
    },
  },
};

/** Strings that are credentials whatever attribute holds them. */
const SECRET_PATTERNS: RegExp[] = [
  /gh[pousr]_[A-Za-z0-9]{20,}/, // GitHub tokens
  /github_pat_[A-Za-z0-9_]{20,}/,
  /xox[abprs]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /hooks\.slack\.com\/services\/[A-Z0-9]/, // Slack webhook URLs
  /AKIA[0-9A-Z]{16}/, // AWS access key IDs
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /[a-z][a-z0-9+.-]*:\/\/[^/\s"@:]+:[^/\s"@]+@/i, // user:password@ in a URL
];
/** Keys that hold secrets: a literal value under one of them is a leak. */
const SECRET_KEY = /(password|passphrase|secret|token|api_?key|private_?key|connection_string|webhook_url)$/i;
/** A value that is a reference, not a secret: Terraform `${...}` or a Prefect `{{ ... }}` template. */
const REFERENCE = /^(\$\{[\s\S]*\}|\{\{[\s\S]*\}\})$/;
/**
 * Keys that name a secret kept elsewhere, not a secret: a Kubernetes Secret the Helm charts
 * reference; a Secret Manager secret's name in google's `secret_key_ref.secret` and
 * `secret_environment_variables.secret` (Cloud Run reads the value at start-up).
 */
const SECRET_NAME_KEY = /^(existingSecret|secret)$/;

/** Every key/value pair, descending into attributes that hold JSON documents as strings. */
function* entries(value: unknown, key = ''): Generator<[string, unknown]> {
  if (typeof value === 'string' && /^[[{]/.test(value.trim())) {
    try {
      yield* entries(JSON.parse(value), key);
      return;
    } catch {
      // not JSON (e.g. a Terraform expression): checked as a string below
    }
  }
  if (Array.isArray(value)) {
    for (const item of value) yield* entries(item, key);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* entries(v, k);
  } else {
    yield [key, value];
  }
}

/** The folders that hold example apps: the core's, and each cloud package's (packages/<cloud>/examples). */
const EXAMPLE_ROOTS = [EXAMPLES, ...fs.readdirSync(path.join(ROOT, 'packages')).map((p) => path.join(ROOT, 'packages', p, 'examples'))]
  .filter((d) => fs.existsSync(d));
/** Each example's folder, by name. */
const EXAMPLE_DIRS = new Map(EXAMPLE_ROOTS.flatMap((root) => fs.readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, 'cdktf.json')))
  .map((d): [string, string] => [d.name, path.join(root, d.name)])));
const examples = [...EXAMPLE_DIRS.keys()].sort();

test('every example has expectations here', () => {
  expect(examples).toEqual(Object.keys(EXPECTED).sort());
});

if (!LIB_BUILT) {
  testUnless(libNotBuilt())('examples: synthesize each example', () => undefined);
} else {
  describe.each(examples)('examples/%s', (example) => {
    const expected = EXPECTED[example];
    let result: AppRun;
    let tf: any;
    const types = Object.keys(expected?.resources ?? {});
    const cannotValidate = missingProvider(types.some((type) => type.startsWith('aws_')))
      ?? (types.some((type) => type.startsWith('google_')) ? missingProviders('google') : undefined)
      ?? (types.some((type) => type.startsWith('azurerm_')) ? missingProviders('azurerm') : undefined);

    beforeAll(() => {
      result = runApp(EXAMPLE_DIRS.get(example)!);
      tf = readStack(result, expected?.stack ?? example);
    });

    afterAll(() => removeRun(result));

    test('the app command exits 0 and writes stacks/<name>/cdk.tf.json', () => {
      expectSuccess(result);
      expect(tf).toBeDefined();
    });

    test('no warnings or errors at synth but the ones the example shows on purpose', () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(result.outdir, 'manifest.json'), 'utf8'));
      expect(Object.keys(manifest.stacks)).toEqual(expected.stacks ?? [expected.stack]);
      const annotations = (expected.stacks ?? [expected.stack]).flatMap((stack) => stackAnnotations(result, stack))
        .map((a: any) => [a.constructPath, a.level, a.message]);
      // the policy runner adds one info line per stack that has findings (src/policy): not a warning
      const findings = annotations.filter(([, level, message]) => !(level === '@cdktf/info' && /^policy: /.test(message)));
      expect(findings).toEqual((expected.warnings ?? []).map(([where, message]) => [where, '@cdktf/warn', expect.stringMatching(message)]));
      if (findings.length > 0) expect(annotations).toContainEqual([expect.any(String), '@cdktf/info', expect.stringMatching(/^policy: \d+ error\(s\), \d+ warning\(s\)/)]);
      expect(result.stderr).not.toMatch(/warn|error/i);
    });

    test('the stack owns a Prefect provider without endpoint or key', () => {
      const providers = tf.provider?.prefect;
      expect(providers).toHaveLength(1);
      expect(providers[0].endpoint).toBeUndefined();
      expect(providers[0].api_key).toBeUndefined();
    });

    test('the expected resource types', () => {
      for (const [type, min] of Object.entries(expected.resources)) {
        expect([type, Object.keys(tf.resource?.[type] ?? {}).length >= min]).toEqual([type, true]);
      }
      expected.check?.(tf);
    });

    testUnless(cannotValidate)('terraform validate passes with the real providers', () => {
      expect(validateStack(JSON.stringify(tf))).toEqual({ valid: true, diagnostics: [] });
    });

    test('no secret appears as a literal', () => {
      const files = [path.join(result.outdir, 'manifest.json'), path.join(result.outdir, 'stacks', expected.stack, 'cdk.tf.json')];
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        for (const pattern of SECRET_PATTERNS) expect([path.basename(file), pattern.test(text)]).toEqual([path.basename(file), false]);
      }
      const leaks = [...entries(tf.resource)]
        .filter(([key, value]) => SECRET_KEY.test(key) && !SECRET_NAME_KEY.test(key) && typeof value === 'string' && value !== '' && !REFERENCE.test(value.trim()));
      expect(leaks).toEqual([]);
    });

    test('block data holds no secret field; secrets come from sensitive, ephemeral variables through data_wo', () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { BlockType } = require(path.join(ROOT, 'lib'));
      const secretFields = new Map<string, string[]>(Object.values<any>(BlockType)
        .filter((t) => t && typeof t.slug === 'string')
        .map((t) => [t.slug, t.secretFields]));
      for (const [id, block] of Object.entries<any>(tf.resource?.prefect_block ?? {})) {
        const fields = secretFields.get(block.type_slug) ?? [];
        if (block.data !== undefined) {
          const data = JSON.parse(block.data);
          expect([id, Object.keys(data).filter((k) => fields.includes(k))]).toEqual([id, []]);
        }
        if (block.data_wo !== undefined) {
          const vars = [...String(block.data_wo).matchAll(/var\.([\w-]+)/g)].map((m) => m[1]);
          expect([id, vars.length > 0]).toEqual([id, true]);
          for (const name of vars) {
            expect([name, tf.variable?.[name]]).toEqual([name, expect.objectContaining({ sensitive: true, ephemeral: true })]);
            expect([name, tf.variable[name].default]).toEqual([name, undefined]);
          }
          // each secret field of the block type is a variable reference, never a quoted literal
          for (const field of fields) {
            const value = String(block.data_wo).match(new RegExp(`"${field}"\\s*=\\s*([^,}]+)`))?.[1];
            if (value !== undefined) expect([id, field, /^(jsondecode\()?var\./.test(value.trim())]).toEqual([id, field, true]);
          }
        }
      }
    });
  });

  test('every example type-checks against the compiled library (tsc --noEmit)', async () => {
    const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
    const results = await Promise.all(examples.map(async (example) => {
      try {
        await run(`"${tsc}" --noEmit -p tsconfig.json`, { cwd: EXAMPLE_DIRS.get(example)!, timeout: 300_000 });
        return [example, ''];
      } catch (e: any) {
        return [example, `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || String(e)];
      }
    }));
    expect(results).toEqual(examples.map((e) => [e, '']));
  });
}

// docs/constructs.md: every ```ts snippet type-checks against the compiled library, each in its
// own block of a stack constructor, with the names earlier sections make declared up front.
if (LIB_BUILT) {
  test('docs/constructs.md snippets type-check (tsc --noEmit)', async () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'constructs.md'), 'utf8');
    const snippets = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(snippets.length).toBeGreaterThan(10);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-prefect-doc-snippets-'));
    const names = [
      'Action', 'Automation', 'BaseJobTemplate', 'Block', 'BlockSecretValue', 'BlockType', 'CollisionStrategy',
      'CompoundRequire', 'Deployment', 'Duration', 'EcsLaunchType', 'Flow', 'FlowRunState', 'GlobalConcurrencyLimit',
      'IDeployment', 'PullStep', 'ResourceSla', 'RunStart', 'Schedule', 'ScheduledDeployment', 'Sla', 'SlaSeverity',
      'TaskRunConcurrencyLimit', 'Trigger', 'Variable', 'VariableValue', 'Webhook', 'WebhookTemplate', 'WorkPool', 'WorkQueue',
    ];
    const source = [
      'import { TerraformStack, TerraformVariable } from \'cdktf\';',
      'import { Construct } from \'constructs\';',
      `import { ${names.join(', ')} } from 'cdktf-prefect';`,
      'declare const pool: WorkPool; declare const critical: WorkQueue; declare const warehouse: GlobalConcurrencyLimit;',
      'declare const etl: Flow; declare const hourly: Deployment; declare const token: Block; declare const slack: Block;',
      'declare const ingest: Deployment; declare const orders: IDeployment; declare const payments: IDeployment; declare const report: IDeployment;',
      'void TerraformVariable;',
      'export class Snippets extends TerraformStack {',
      '  constructor(scope: Construct, id: string) {',
      '    super(scope, id);',
      ...snippets.map((s) => `    {\n${s}    }`),
      '  }',
      '}',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'snippets.ts'), source);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, skipLibCheck: true, types: [],
        baseUrl: '.',
        paths: {
          'cdktf-prefect': [path.join(ROOT, 'lib')],
          'cdktf': [path.join(ROOT, 'node_modules', 'cdktf')],
          'constructs': [path.join(ROOT, 'node_modules', 'constructs')],
        },
      },
      files: ['snippets.ts'],
    }));
    try {
      await run(`"${path.join(ROOT, 'node_modules', '.bin', 'tsc')}" --noEmit -p tsconfig.json`, { cwd: dir, timeout: 300_000 });
    } catch (e: any) {
      throw new Error(`docs/constructs.md snippets do not compile:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
