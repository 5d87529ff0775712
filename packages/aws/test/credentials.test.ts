// Literal credentials in the free-text props of the AWS patterns, refused at synth through the
// core's public `Checks.refuseCredentials` (names, tags, images, the worker's command and
// environment, the sensor's names, filters and parameters). Every row asserts the construct
// path, the prop and the masked value, the fix, and that the secret is not in the message.
// Credential-shaped values are built by concatenation: no such literal in this file.
import { Fn, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { Checks, Deployment, Flow, PrefectApi } from 'cdktf-prefect';
import { EcsWorker, S3BucketSensor } from '../src';
import { awsStack, cloud, selfHosted } from './fixtures';
import { Row, runTable } from '../../../test/support/bad-input-table';
import { synthError } from '../../../test/support/synth';

const GITHUB = 'ghp' + '_' + 'Qw3'.repeat(12);
const AWS_ID = 'AKIA' + 'ZZZZEXAMPLE0KEY1';
const SLACK = 'xoxb' + '-' + '210987654321-fedcbaFEDCBA';
const PREFECT_KEY = 'pnu' + '_' + 'Kk7'.repeat(12);
const PLAIN = 'as a literal that would be written in plain text to cdk.tf.json and the Terraform state; keep secrets out of the configuration: ';
const AWS_FIX = `${PLAIN}put them in AWS Secrets Manager`;
const SENSOR_FIX = `${PLAIN}feed them from a sensitive TerraformVariable`;

const worker = (extra: object) => (s: Construct) => new EcsWorker(s, 'W', { ...cloud(), ...extra });
const sensor = (extra: (s: Construct) => object) => (s: Construct) => new S3BucketSensor(s, 'S', extra(s));
const deployment = (s: Construct) => new Deployment(s, 'D', { flow: new Flow(s, 'F', { flowName: 'ingest' }), deploymentName: 'ingest', entrypoint: 'flows/ingest.py:ingest' });

const ROWS: Row[] = [
  { what: 'a token in an EcsWorker tag', build: worker({ tags: { owner: GITHUB } }), path: 'Stack/W', value: 'tags.owner holds what looks like a GitHub token, ghp_**** (40 characters)', fix: AWS_FIX, hidden: GITHUB },
  { what: 'an AWS key ID in the worker image', build: worker({ image: `registry.example.com/${AWS_ID}/worker:1` }), path: 'Stack/W', value: 'image holds what looks like an AWS access key ID, AKIA****', fix: AWS_FIX, hidden: AWS_ID },
  { what: 'a token in the flow-run image', build: worker({ flowRunImage: `ghcr.io/acme/flows:${GITHUB}` }), path: 'Stack/W', value: 'flowRunImage holds what looks like a GitHub token', fix: AWS_FIX, hidden: GITHUB },
  { what: 'a Slack token in a work queue of the worker command', build: worker({ workQueues: ['critical', SLACK] }), path: 'Stack/W', value: 'workQueues[1] holds what looks like a Slack token, xoxb-****', fix: AWS_FIX, hidden: SLACK },
  { what: 'a Prefect key in the pip packages of the worker environment', build: worker({ extraPipPackages: `prefect-aws --index-url https://x:${PREFECT_KEY}@pypi.example.com/simple` }), path: 'Stack/W', value: 'extraPipPackages holds what looks like a Prefect API key, pnu_****', fix: AWS_FIX, hidden: PREFECT_KEY },
  { what: 'a token in the work pool name of the worker command', build: worker({ workPoolName: `ecs-${GITHUB}` }), path: 'Stack/W', value: 'workPoolName holds what looks like a GitHub token', fix: AWS_FIX, hidden: GITHUB },
  { what: 'a token in the self-hosted API URL of the worker environment', build: (s) => new EcsWorker(s, 'W', selfHosted({ api: PrefectApi.selfHosted(`https://prefect.example.com/api?token=${GITHUB}`) })), path: 'Stack/W', value: 'holds what looks like a GitHub token', fix: AWS_FIX, hidden: GITHUB },
  { what: 'a literal inside a token (Fn.trimspace) in a tag', build: worker({ tags: { owner: Fn.trimspace(` ${GITHUB} `) } }), path: 'Stack/W', value: 'tags.owner holds what looks like a GitHub token', fix: AWS_FIX, hidden: GITHUB },
  { what: 'a token in a sensor tag', build: sensor(() => ({ tags: { team: GITHUB } })), path: 'Stack/S', value: 'tags.team holds what looks like a GitHub token, ghp_****', fix: SENSOR_FIX, hidden: GITHUB },
  { what: 'an AWS key ID as the sensor name prefix', build: sensor(() => ({ namePrefix: `orders-${AWS_ID}` })), path: 'Stack/S', value: 'namePrefix holds what looks like an AWS access key ID', fix: SENSOR_FIX, hidden: AWS_ID },
  { what: 'a token in the key prefix filter', build: sensor(() => ({ keyPrefix: `uploads/${GITHUB}/` })), path: 'Stack/S', value: 'keyPrefix holds what looks like a GitHub token', fix: SENSOR_FIX, hidden: GITHUB },
  { what: 'a Slack token in the automation name', build: sensor((s) => ({ deployment: deployment(s), automationName: `notify ${SLACK}` })), path: 'Stack/S', value: 'automationName holds what looks like a Slack token', fix: SENSOR_FIX, hidden: SLACK },
  { what: 'a token in an event type', build: sensor(() => ({ eventTypes: ['Object Created', GITHUB] })), path: 'Stack/S', value: 'eventTypes[1] holds what looks like a GitHub token', fix: SENSOR_FIX, hidden: GITHUB },
];

runTable('credential-looking literals in the AWS patterns', ROWS, [
  {
    what: 'the worker with sensitive variables and ordinary values', build: (s) => new EcsWorker(s, 'W', {
      ...cloud({ tags: { team: 'data', cost: 'AKIA-like-but-no' }, image: 'prefecthq/prefect:3-python3.11', workQueues: ['critical'] }),
      extraPipPackages: new TerraformVariable(s, 'pip', { type: 'string', sensitive: true }).stringValue,
    }),
  },
  {
    what: 'the sensor with a deployment (a construct, not looked into) and a sensitive key', build: (s) => new S3BucketSensor(s, 'S', {
      deployment: deployment(s),
      serviceAccountId: '3b4c5d3e-8f1a-4c2b-9d6e-7a8b9c0d1e2f',
      webhookApiKey: new TerraformVariable(s, 'key', { type: 'string', sensitive: true }).stringValue,
      tags: { team: 'data' },
    }),
  },
], awsStack);

describe('Checks.refuseCredentials, for any construct', () => {
  class Custom extends Construct {
    constructor(scope: Construct, id: string, props: { [key: string]: any }, fix?: string) {
      super(scope, id);
      Checks.refuseCredentials(this, props, fix);
    }
  }

  test('names the prop at any depth, masks the value and gives the fix', () => {
    const message = synthError((s) => new Custom(s, 'C', { env: [{ name: 'A', value: 'x' }, { name: 'GH', value: GITHUB }] }, 'use the secret store'), awsStack);
    expect(message).toBe('Stack/C: env[1].value holds what looks like a GitHub token, ghp_**** (40 characters), as a literal that would be written in plain text to cdk.tf.json and the Terraform state; use the secret store');
  });

  test('labels an AWS secret access key by its key, and gives the default fix', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYZZZZZZZZZZ';
    const message = synthError((s) => new Custom(s, 'C', { environment: { aws_secret_access_key: secret } }), awsStack);
    expect(message).toContain('Stack/C: environment.aws_secret_access_key holds what looks like an AWS secret access key, **** (40 characters)');
    expect(message).toContain('store it in a secret block');
    expect(message).not.toContain(secret);
  });

  test('a reference to a sensitive variable, an object cycle and a construct pass', () => {
    const stack = awsStack();
    const cycle: { [key: string]: any } = { name: 'x' };
    cycle.self = cycle;
    new Custom(stack, 'C', {
      token: new TerraformVariable(stack, 'token', { type: 'string', sensitive: true }).stringValue,
      cycle,
      other: stack,
    });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
