from prefect import flow


@flow
def downstream(source: str = ""):
    pass
