import { AwsProvider } from '../src/.gen/providers/aws/provider';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { Deployment, Flow, PrefectApi } from 'cdktf-prefect';
import { EcsWorker, PrefectAuth, S3BucketSensor } from '../src';
import { missingProvider } from '../../../test/e2e/support/env';
import { validateStack, ValidateResult } from '../../../test/e2e/support/terraform';
import { cloud, SECRET_ARN, selfHosted } from './fixtures';
import { describeUnless } from '../../../test/support/skip';

// `terraform validate` with the real hashicorp/aws 5.100.0 and prefecthq/prefect 3.4.1 schemas,
// both from filesystem mirrors the toolchain configured. Skipped when either provider is missing.
const missing = missingProvider(true);
const withProvider = describeUnless(missing);

function validate(build: (stack: TerraformStack) => void): ValidateResult {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, 'validate');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new PrefectProvider(stack, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
  build(stack);
  return validateStack(Testing.synth(stack, true));
}

withProvider('terraform validate: EcsWorker (real AWS 5.100.0 and Prefect 3.4.1 providers)', () => {
  test('every variant in one stack: Cloud by ARN, Cloud by value, self-hosted with and without auth, own task role, every option', () => {
    const result = validate((stack) => {
      const key = new TerraformVariable(stack, 'prefect_api_key', { type: 'string', sensitive: true });
      new EcsWorker(stack, 'ByArn', cloud({ name: 'arn', workPoolName: 'pool-arn', tags: { team: 'data' } }));
      new EcsWorker(stack, 'ByValue', cloud({ name: 'value', workPoolName: 'pool-value', auth: PrefectAuth.apiKey(key.stringValue), secretRecoveryWindowDays: 0 }));
      new EcsWorker(stack, 'Basic', selfHosted({ name: 'basic', workPoolName: 'pool-basic', auth: PrefectAuth.basicAuthFromSecretArn(SECRET_ARN) }));
      new EcsWorker(stack, 'Open', selfHosted({
        name: 'open',
        workPoolName: 'pool-open',
        taskRoleArn: 'arn:aws:iam::123456789012:role/mine',
        cpu: 512,
        memory: 1024,
        desiredCount: 2,
        image: 'acme/worker:1',
        extraPipPackages: '',
        logRetentionDays: 0,
        workQueues: ['a'],
        workerLimit: 3,
        healthCheck: false,
        assignPublicIp: true,
        containerInsights: false,
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 2 }, { capacityProvider: 'FARGATE', base: 1 }],
        flowRunCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }],
        flowRunImage: 'acme/flows:1',
        flowRunCpu: 2048,
        flowRunMemory: 4096,
      }));
    });
    expect(result).toEqual({ valid: true, diagnostics: [] });
  });

  test('S3BucketSensor: Cloud with every option, and self-hosted', () => {
    const result = validate((stack) => {
      const key = new TerraformVariable(stack, 'sa_key', { type: 'string', sensitive: true });
      const auth = new TerraformVariable(stack, 'auth', { type: 'string', sensitive: true });
      const flow = new Flow(stack, 'Flow', { flowName: 'ingest' });
      const deployment = new Deployment(stack, 'Ingest', { flow, deploymentName: 'ingest', entrypoint: 'flows/ingest.py:ingest' });
      new S3BucketSensor(stack, 'Cloud', {
        bucketName: 'acme-raw',
        eventTypes: ['Object Created'],
        keyPrefix: 'incoming/',
        keySuffix: '.csv',
        namePrefix: 'acme-cloud',
        serviceAccountId: '3b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f',
        webhookApiKey: key.stringValue,
        rateLimitPerSecond: 5,
        maxRetryAttempts: 10,
        maxEventAgeSeconds: 3600,
        deployment,
        tags: { team: 'data' },
      });
      new S3BucketSensor(stack, 'SelfHosted', {
        bucketName: 'acme-existing',
        existingBucket: true,
        namePrefix: 'acme-self',
        api: PrefectApi.selfHosted('https://prefect.example.com/api'),
        selfHostedAuthString: auth.stringValue,
        privateEndpointResourceConfigurationArn: 'arn:aws:vpc-lattice:eu-west-1:123456789012:resourceconfiguration/rcfg-0123456789abcdef0',
        keySuffix: '.json',
        deployment,
        keyParameter: 'object_key',
      });
    });
    expect(result).toEqual({ valid: true, diagnostics: [] });
  });
});
