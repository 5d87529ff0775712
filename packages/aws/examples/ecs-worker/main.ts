// A Prefect worker on ECS Fargate for Prefect Cloud, and the `ecs` work pool it serves, filled
// in from what it creates (cluster, roles, network, logs, API-key secret): no UI step left.
//
//   cdktf deploy --var prefect_account_id=... --var prefect_workspace_id=... \
//     --var 'prefect_api_key_secret_arn=arn:aws:secretsmanager:...' \
//     --var vpc_id=vpc-... --var 'subnet_ids=["subnet-...","subnet-..."]'
//
// PREFECT_API_KEY (for the Prefect provider) and the AWS credentials come from the environment.
// It imports the packages as a real app does (`npm install cdktf-prefect cdktf-prefect-aws`); in
// this repository the npm workspace links them to the compiled packages.
import { AwsProvider } from 'cdktf-prefect-aws/lib/.gen/providers/aws/provider';
import { IamRolePolicy } from 'cdktf-prefect-aws/lib/.gen/providers/aws/iam-role-policy';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { EcsWorker, PrefectAuth } from 'cdktf-prefect-aws';
import { PrefectApi } from 'cdktf-prefect';
import { PrefectProvider } from 'cdktf-prefect/lib/.gen/providers/prefect/provider';

export class EcsWorkerStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const input = (name: string, description: string) =>
      new TerraformVariable(this, name, { type: 'string', description }).stringValue;
    const accountId = input('prefect_account_id', 'Prefect Cloud account ID');
    const workspaceId = input('prefect_workspace_id', 'Prefect Cloud workspace ID');
    const subnets = new TerraformVariable(this, 'subnet_ids', { type: 'list(string)', description: 'private subnets with a NAT gateway' });

    // The stack owns the providers; credentials come from the environment.
    new AwsProvider(this, 'aws', { region: 'eu-west-1' });
    new PrefectProvider(this, 'prefect', { accountId, workspaceId });

    const worker = new EcsWorker(this, 'Worker', {
      name: 'prod',
      workPoolName: 'ecs-prod',
      api: PrefectApi.cloud(accountId, workspaceId),
      // the key stays in Secrets Manager: it never enters Terraform state
      auth: PrefectAuth.apiKeyFromSecretArn(input('prefect_api_key_secret_arn', 'Secrets Manager secret holding the Prefect API key')),
      vpcId: input('vpc_id', 'VPC of the worker and its flow runs'),
      subnetIds: subnets.listValue,
      // workers on regular Fargate, flow runs on Spot capacity
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }],
      flowRunCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 3 }, { capacityProvider: 'FARGATE', base: 0 }],
      flowRunCpu: 1024,
      flowRunMemory: 4096,
      desiredCount: 2,
      workerLimit: 10,
      tags: { 'team': 'data-platform', 'cost-center': 'analytics' },
    });

    // Flow runs get their own task role: grant it exactly what the flows need.
    new IamRolePolicy(this, 'FlowsReadRawData', {
      role: worker.flowRunTaskRole.name,
      name: 'read-raw-data',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-raw', 'arn:aws:s3:::acme-raw/*'] }],
      }),
    });

    new TerraformOutput(this, 'work_pool_name', { value: worker.workPool.workPoolName });
    new TerraformOutput(this, 'cluster_name', { value: worker.clusterName });
    new TerraformOutput(this, 'service_id', { value: worker.serviceId });
  }
}

const app = new App();
new EcsWorkerStack(app, 'ecs-worker');
app.synth();
