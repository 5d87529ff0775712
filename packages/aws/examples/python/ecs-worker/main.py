#!/usr/bin/env python
"""A Prefect worker on ECS Fargate for Prefect Cloud, and the `ecs` work pool it serves.

The Python twin of packages/aws/examples/ecs-worker (TypeScript): the same constructs, the same
construct IDs, the same Terraform JSON.

    bash ../../../../../scripts/python-example.sh   (once: builds both wheels, makes .venv)
    cdktf deploy --var prefect_account_id=... --var prefect_workspace_id=... ...
"""
import json

from cdktf import App, TerraformOutput, TerraformStack, TerraformVariable
from constructs import Construct

from cdktf_prefect.l1.provider import PrefectProvider
from cdktf_prefect import EcsCapacityProviderStrategy, PrefectApi
from cdktf_prefect_aws import EcsWorker, PrefectAuth
from cdktf_prefect_aws.l1.iam_role_policy import IamRolePolicy
from cdktf_prefect_aws.l1.provider import AwsProvider


class EcsWorkerStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        def input(name, description):
            return TerraformVariable(self, name, type="string", description=description).string_value

        account_id = input("prefect_account_id", "Prefect Cloud account ID")
        workspace_id = input("prefect_workspace_id", "Prefect Cloud workspace ID")
        subnets = TerraformVariable(self, "subnet_ids", type="list(string)", description="private subnets with a NAT gateway")

        # The stack owns the providers; credentials come from the environment.
        AwsProvider(self, "aws", region="eu-west-1")
        PrefectProvider(self, "prefect", account_id=account_id, workspace_id=workspace_id)

        worker = EcsWorker(self, "Worker",
            name="prod",
            work_pool_name="ecs-prod",
            api=PrefectApi.cloud(account_id, workspace_id),
            # the key stays in Secrets Manager: it never enters Terraform state
            auth=PrefectAuth.api_key_from_secret_arn(input("prefect_api_key_secret_arn", "Secrets Manager secret holding the Prefect API key")),
            vpc_id=input("vpc_id", "VPC of the worker and its flow runs"),
            subnet_ids=subnets.list_value,
            # workers on regular Fargate, flow runs on Spot capacity
            capacity_provider_strategy=[EcsCapacityProviderStrategy(capacity_provider="FARGATE")],
            flow_run_capacity_provider_strategy=[
                EcsCapacityProviderStrategy(capacity_provider="FARGATE_SPOT", weight=3),
                EcsCapacityProviderStrategy(capacity_provider="FARGATE", base=0),
            ],
            flow_run_cpu=1024,
            flow_run_memory=4096,
            desired_count=2,
            worker_limit=10,
            tags={"team": "data-platform", "cost-center": "analytics"},
        )

        # Flow runs get their own task role: grant it exactly what the flows need.
        IamRolePolicy(self, "FlowsReadRawData",
            role=worker.flow_run_task_role.name,
            name="read-raw-data",
            policy=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::acme-raw", "arn:aws:s3:::acme-raw/*"]}],
            }, separators=(",", ":")),
        )

        TerraformOutput(self, "work_pool_name", value=worker.work_pool.work_pool_name)
        TerraformOutput(self, "cluster_name", value=worker.cluster_name)
        TerraformOutput(self, "service_id", value=worker.service_id)


app = App()
EcsWorkerStack(app, "ecs-worker")
app.synth()
