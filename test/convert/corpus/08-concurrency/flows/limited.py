from prefect import flow


@flow(name="limited-flow", version="2024.1")
def limited(n: int = 1):
    pass
