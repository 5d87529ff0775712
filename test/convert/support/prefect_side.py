"""The oracle side of the converter's parity test: seeds a Prefect server with what the corpus
references (work pools, a secret block, a variable), then runs the real `prefect deploy --all`
in each corpus directory, in one Python process. PREFECT_API_URL names the server.

    python prefect_side.py seed
    python prefect_side.py deploy <dir> [<dir> ...]
"""
import os
import sys


def seed() -> None:
    import asyncio

    from prefect.blocks.system import Secret
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import VariableCreate, WorkPoolCreate

    async def run() -> None:
        async with get_client() as client:
            for name in ("corpus-process", "corpus-other"):
                await client.create_work_pool(WorkPoolCreate(name=name, type="process"), overwrite=True)
            await client.create_work_pool(WorkPoolCreate(name="corpus-docker", type="docker"), overwrite=True)
            await client.create_variable(VariableCreate(name="corpus_deploy_env", value="staging"))

    asyncio.run(run())
    Secret(value="corpus-placeholder-value").save("corpus-git-token", overwrite=True)


def deploy(dirs: list[str]) -> None:
    from prefect.cli import app
    from prefect.client.orchestration import PrefectClient

    # After creating each deployment, prefect deploy 3.8.8 lists the pool's online workers only to
    # print a hint; its client sends offset/limit null, which the 3.8.8 server answers with 422,
    # and the error aborts the rest of the file. The hint is all it is used for: skip it.
    async def no_workers(self, *args, **kwargs):
        return []

    PrefectClient.read_workers_for_work_pool = no_workers

    failures = []
    for d in dirs:
        os.chdir(d)
        try:
            sys.argv = ["prefect", "--no-prompt", "deploy", "--all"]
            app()
        except SystemExit as e:
            if e.code not in (0, None):
                failures.append(f"{d}: exit {e.code}")
        except Exception as e:  # report every directory, then fail
            failures.append(f"{d}: {e!r}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed()
    else:
        deploy(sys.argv[2:])
