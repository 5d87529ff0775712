#!/usr/bin/env python
"""A nightly ETL flow, deployed to a process work pool with two schedules.

The Python twin of examples/scheduled-deployment (TypeScript): the same constructs, the same
construct IDs, the same Terraform JSON.

    bash ../../../scripts/python-example.sh   (once: builds the wheel, makes .venv)
    cdktf deploy                              (PREFECT_API_URL points at your server; PREFECT_API_KEY for Cloud)
"""
from cdktf import App, TerraformStack
from constructs import Construct

from cdktf_prefect import (
    BaseJobTemplate,
    Duration,
    PullStep,
    Schedule,
    ScheduledDeployment,
    WorkPool,
)
from cdktf_prefect.l1.provider import PrefectProvider


class ScheduledDeploymentStack(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        # The stack owns the provider. With no endpoint here, it reads PREFECT_API_URL
        # (and PREFECT_API_KEY for Prefect Cloud) from the environment: no secrets in code.
        PrefectProvider(self, "prefect")

        pool = WorkPool(
            self,
            "EtlPool",
            work_pool_name="etl-process",
            description="process workers for the ETL flows",
            concurrency_limit=4,
            base_job_template=BaseJobTemplate.process(
                working_dir="/opt/flows",
                stream_output=True,
                env={"PREFECT_LOGGING_LEVEL": "INFO"},
            ),
        )
        critical = pool.add_queue(
            "Critical",
            work_queue_name="critical",
            priority=1,
            concurrency_limit=2,
            description="runs that must not wait behind backfills",
        )

        ScheduledDeployment(
            self,
            "NightlyEtl",
            flow_name="etl",
            deployment_name="nightly",
            description="loads yesterday's orders into the warehouse",
            version="1.4.0",
            tags=["etl", "orders"],
            entrypoint="flows/etl.py:etl",
            work_pool=pool,
            work_queue=critical,
            pull_steps=[
                PullStep.git_clone(repository="https://github.com/acme/data-flows.git", branch="main"),
                PullStep.pip_install_requirements(requirements_file="requirements.txt"),
            ],
            parameters={"source": "s3://acme-raw/orders", "batch_size": 500, "dry_run": False},
            parameter_open_api_schema={
                "type": "object",
                "properties": {
                    "source": {"type": "string"},
                    "batch_size": {"type": "integer", "minimum": 1},
                    "dry_run": {"type": "boolean"},
                },
                "required": ["source"],
            },
            job_variables={"env": {"WAREHOUSE": "analytics"}},
            schedules=[
                Schedule.cron("0 2 * * *", timezone="Europe/Berlin", slug="nightly"),
                Schedule.interval(
                    Duration.hours(6),
                    anchor_date="2026-01-01T00:30:00Z",
                    timezone="UTC",
                    slug="catch-up",
                    active=False,
                    parameters={"dry_run": True},
                ),
            ],
        )


app = App()
ScheduledDeploymentStack(app, "scheduled-deployment")
app.synth()
