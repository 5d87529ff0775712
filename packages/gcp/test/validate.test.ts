import { GoogleProvider } from '../src/.gen/providers/google/provider';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';
import { PrefectApi } from 'cdktf-prefect';
import { CloudRunWorker, GcpPrefectAuth, GcsBucketSensor } from '../src';
import { missingProviders } from '../../../test/e2e/support/env';
import { validateStack, ValidateResult } from '../../../test/e2e/support/terraform';
import { describeUnless } from '../../../test/support/skip';
import { ingestDeployment } from './fixtures';

// `terraform validate` with the real hashicorp/google 6.50.0 and prefecthq/prefect 3.4.1 schemas,
// found the way the toolchain finds every provider. Skipped, with the reason, when either is missing.
const withProviders = describeUnless(missingProviders('prefect', 'google'));

function validate(build: (stack: TerraformStack) => void): ValidateResult {
  const app = new App({ outdir: Testing.app().outdir });
  const stack = new TerraformStack(app, 'validate');
  new GoogleProvider(stack, 'google', { project: 'acme-data', region: 'europe-west1' });
  new PrefectProvider(stack, 'prefect', { endpoint: 'http://127.0.0.1:4200/api' });
  build(stack);
  return validateStack(Testing.synth(stack, true));
}

withProviders('terraform validate: GcsBucketSensor (real google 6.50.0 and Prefect 3.4.1 providers)', () => {
  test('defaults; existing bucket with every option, OIDC and the automation; no dead-letter topic; tokens; the self-hosted relay', () => {
    const result = validate((stack) => {
      new GcsBucketSensor(stack, 'Defaults', { location: 'EU' });
      new GcsBucketSensor(stack, 'Everything', {
        bucketName: 'acme-raw',
        existingBucket: true,
        project: 'acme-data',
        eventTypes: ['OBJECT_FINALIZE', 'OBJECT_DELETE'],
        objectNamePrefix: 'incoming/',
        topicName: 'acme-raw-events',
        subscriptionName: 'acme-raw-to-prefect',
        webhookName: 'acme-raw',
        serviceAccountId: '3b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f',
        oidcServiceAccountEmail: 'prefect-push@acme-data.iam.gserviceaccount.com',
        oidcAudience: 'https://api.prefect.cloud',
        grantTokenCreator: true,
        ackDeadlineSeconds: 60,
        minimumBackoffSeconds: 5,
        maximumBackoffSeconds: 300,
        messageRetentionSeconds: 3600,
        maxDeliveryAttempts: 10,
        deployment: ingestDeployment(stack),
        keyParameter: 'object',
        labels: { team: 'data' },
      });
      new GcsBucketSensor(stack, 'NoDeadLetter', { location: 'europe-west1', deadLetterTopic: false });
      const location = new TerraformVariable(stack, 'location', { type: 'string' });
      new GcsBucketSensor(stack, 'Tokens', { location: location.stringValue });
      new GcsBucketSensor(stack, 'SelfHosted', {
        location: 'EU', project: 'acme-data', api: PrefectApi.selfHosted('https://prefect.example.com/api'),
        relayRegion: 'europe-west1', relayAuthSecret: 'prefect-auth',
      });
    });
    expect(result).toEqual({ valid: true, diagnostics: [] });
  });
});

withProviders('terraform validate: CloudRunWorker (real google 6.50.0 and Prefect 3.4.1 providers)', () => {
  test('Cloud with a key secret; self-hosted with an auth string, an existing flow-run account and every option; no auth, provider project; tokens', () => {
    const cloud = PrefectApi.cloud('9b5d2b4e-1c2f-4d3a-8e9f-0a1b2c3d4e5f', '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f');
    const selfHosted = PrefectApi.selfHosted('https://prefect.example.com/api');
    const result = validate((stack) => {
      new CloudRunWorker(stack, 'Cloud', {
        api: cloud, workPoolName: 'cloud-run', name: 'prod', region: 'europe-west1', project: 'acme-data',
        auth: GcpPrefectAuth.apiKeyFromSecretManager('prefect-api-key'),
      });
      new CloudRunWorker(stack, 'Everything', {
        api: selfHosted, workPoolName: 'cloud-run-etl', name: 'etl', region: 'us-east4', project: 'acme-data',
        auth: GcpPrefectAuth.authStringFromSecretManager('projects/acme-sec/secrets/prefect-auth', '3'),
        image: 'europe-docker.pkg.dev/acme-images/prefect/worker:1', cpu: '2', memory: '2Gi', serviceName: 'etl-worker',
        deletionProtection: true, flowRunServiceAccountEmail: 'etl-flows@acme-data.iam.gserviceaccount.com',
        imageRepository: 'projects/acme-images/locations/europe/repositories/prefect', flowRunRegion: 'us-central1',
        flowRunCpu: '500m', flowRunMemory: '1G', flowRunTimeoutSeconds: 7200,
        flowRunVpcConnectorName: 'projects/acme-data/locations/us-central1/connectors/flows',
        flowRunImage: 'europe-docker.pkg.dev/acme-images/flows/etl:1', labels: { team: 'data' }, workQueues: ['etl'], workerLimit: 4,
      });
      new CloudRunWorker(stack, 'NoAuth', { api: selfHosted, workPoolName: 'cloud-run-dev', name: 'dev', region: 'europe-west1' });
      const region = new TerraformVariable(stack, 'region', { type: 'string' });
      const secret = new TerraformVariable(stack, 'secret', { type: 'string' });
      new CloudRunWorker(stack, 'Tokens', {
        api: cloud, workPoolName: 'cloud-run-tokens', name: 'tok', region: region.stringValue, project: 'acme-data',
        auth: GcpPrefectAuth.apiKeyFromSecretManager(secret.stringValue),
      });
    });
    expect(result).toEqual({ valid: true, diagnostics: [] });
  });
});
