#!/usr/bin/env python
"""dev and prod from one codebase: the same stack class, created once per environment.

The Python twin of examples/environments (TypeScript): the same constructs, the same construct
IDs, the same Terraform JSON for both stacks.

    bash ../../../scripts/python-example.sh examples/python/environments   (once: builds the wheel, makes .venv)
    cdktf deploy dev          (PREFECT_API_URL points at dev's server; PREFECT_API_KEY for Cloud)
    cdktf deploy prod

Each environment keeps its own state: terraform.dev.tfstate and terraform.prod.tfstate here, or,
with PREFECT_STATE_BUCKET set, dev/terraform.tfstate and prod/terraform.tfstate in that S3 bucket.
"""
import os

from cdktf import App
from constructs import Construct

from cdktf_prefect import (
    BaseJobTemplate,
    Duration,
    EnvironmentNaming,
    PrefectEnvironmentStack,
    PullStep,
    Schedule,
    ScheduledDeployment,
    StateBackend,
    WorkPool,
)
from cdktf_prefect.l1.provider import PrefectProvider


class OrdersEstate(PrefectEnvironmentStack):
    """The orders estate: what every environment has. What differs comes from self.environment."""

    def __init__(self, scope: Construct, id: str, **props) -> None:
        super().__init__(scope, id, **props)
        env = self.environment

        # The stack owns the provider; it reads PREFECT_API_URL (and PREFECT_API_KEY) from the
        # environment, so each environment's deploy points at its own server or workspace.
        PrefectProvider(self, "prefect")

        pool = WorkPool(
            self,
            "Pool",
            work_pool_name=env.work_pool_name("orders"),
            description=f"process workers for the orders flows ({env.environment_name})",
            concurrency_limit=4,
            base_job_template=BaseJobTemplate.process(working_dir="/opt/flows", stream_output=True),
        )

        nightly = ScheduledDeployment(
            self,
            "Nightly",
            # "dev-orders" in dev, "orders" in prod: two environments on one server never share a flow
            flow_name=env.physical_name("orders"),
            deployment_name="nightly",
            description="loads yesterday's orders into the warehouse",
            entrypoint="flows/orders.py:load_orders",
            work_pool=pool,
            pull_steps=[PullStep.git_clone(repository="https://github.com/acme/data-flows.git", branch="main")],
            parameters=env.parameters_for("nightly", {"source": "s3://acme-raw/orders", "batch_size": 500, "dry_run": False}),
            job_variables={"env": {"FLOW_IMAGE": env.image("registry.acme.io/orders-flows")}},
            schedules=[Schedule.cron("0 2 * * *", timezone="Europe/Berlin", slug="nightly")],
        )

        ScheduledDeployment(
            self,
            "CatchUp",
            flow=nightly.flow,
            deployment_name="catch-up",
            description="picks up late files every six hours",
            entrypoint="flows/orders.py:load_orders",
            work_pool=pool,
            pull_steps=[PullStep.git_clone(repository="https://github.com/acme/data-flows.git", branch="main")],
            parameters=env.parameters_for("catch-up", {"source": "s3://acme-raw/orders/late", "batch_size": 100, "dry_run": False}),
            schedules=[Schedule.interval(Duration.hours(6), anchor_date="2026-01-01T00:30:00Z", timezone="UTC", slug="catch-up")],
        )


def state_backend() -> StateBackend:
    """A state per environment: in S3 when PREFECT_STATE_BUCKET names a bucket, else a local file."""
    bucket = os.environ.get("PREFECT_STATE_BUCKET")
    return StateBackend.s3(bucket=bucket) if bucket else StateBackend.local()


app = App()
OrdersEstate(
    app,
    "dev",
    state_backend=state_backend(),
    # dev's runs are started by hand; its schedules exist, paused
    schedules_active=False,
    work_pool_names={"orders": "orders-dev"},
    deployment_parameters={"nightly": {"batch_size": 10, "dry_run": True}},
    image_tag="main",
)
OrdersEstate(
    app,
    "prod",
    naming=EnvironmentNaming.unchanged(),
    state_backend=state_backend(),
    image_tag="1.4.0",
)
app.synth()
