import { AwsProvider } from '../src/.gen/providers/aws/provider';
import { TerraformStack } from 'cdktf';
import { PrefectApi } from 'cdktf-prefect';
import { EcsWorkerProps, PrefectAuth } from '../src';
import { newStack } from '../../../test/support/synth';

export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prefect-api-key-AbCdEf';

/** A stack with both providers, as users configure it. */
export function awsStack(): TerraformStack {
  return newStack((stack) => new AwsProvider(stack, 'aws', { region: 'eu-west-1' }));
}

/** Minimal props for a self-hosted server. */
export function selfHosted(extra: Partial<EcsWorkerProps> = {}): EcsWorkerProps {
  return {
    name: 'test',
    workPoolName: 'ecs-pool',
    api: PrefectApi.selfHosted('https://prefect.example.com/api'),
    vpcId: 'vpc-123',
    subnetIds: ['subnet-a', 'subnet-b'],
    ...extra,
  };
}

/** Minimal props for Prefect Cloud with a key in Secrets Manager. */
export function cloud(extra: Partial<EcsWorkerProps> = {}): EcsWorkerProps {
  return {
    name: 'test',
    workPoolName: 'ecs-pool',
    api: PrefectApi.cloud('acc', 'ws'),
    auth: PrefectAuth.apiKeyFromSecretArn(SECRET_ARN),
    vpcId: 'vpc-123',
    subnetIds: ['subnet-a'],
    ...extra,
  };
}

/** How many resources of each type a synthesized stack has. */
export function resourceCounts(json: any): Record<string, number> {
  return Object.fromEntries(Object.entries(json.resource ?? {}).map(([type, r]) => [type, Object.keys(r as object).length]));
}

/** A reference to a construct's resource attribute, as synthesized (`${type.id.attr}`). */
export function ref(type: string, construct: { friendlyUniqueId: string }, attr: string): string {
  return `\${${type}.${construct.friendlyUniqueId}.${attr}}`;
}
