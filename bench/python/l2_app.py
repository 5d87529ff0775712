"""Benchmark app: three scheduled deployments on cdktf-prefect (the L2 constructs).

Run as `cdktf synth` runs an app (CDKTF_OUTDIR set). bench/python.ts times this process, import
and synth together, against plain_app.py: the same Terraform JSON from cdktf alone.
"""
from cdktf import App, TerraformStack

from cdktf_prefect import BaseJobTemplate, Duration, PullStep, Schedule, ScheduledDeployment, WorkPool
from cdktf_prefect.l1.provider import PrefectProvider

app = App()
stack = TerraformStack(app, "bench")
PrefectProvider(stack, "prefect")
pool = WorkPool(stack, "Pool", work_pool_name="etl-process",
                base_job_template=BaseJobTemplate.process(working_dir="/opt/flows", env={"LOG_LEVEL": "INFO"}))
queue = pool.add_queue("Critical", work_queue_name="critical", priority=1)
for i in range(3):
    ScheduledDeployment(stack, f"Etl{i}",
        flow_name=f"etl-{i}",
        deployment_name="nightly",
        entrypoint="flows/etl.py:etl",
        work_pool=pool,
        work_queue=queue,
        tags=["etl", f"team-{i}"],
        pull_steps=[PullStep.git_clone(repository="https://github.com/acme/flows.git", branch="main")],
        parameters={"source": f"s3://raw/orders-{i}", "batch_size": 500},
        parameter_open_api_schema={"type": "object", "properties": {"batch_size": {"type": "integer", "minimum": 1}}},
        job_variables={"env": {"WAREHOUSE": "analytics"}},
        schedules=[
            Schedule.cron("0 2 * * *", timezone="Europe/Berlin", slug="nightly"),
            Schedule.interval(Duration.hours(6), anchor_date="2026-01-01T00:30:00Z", active=False, slug="catch-up"),
        ],
    )
app.synth()
