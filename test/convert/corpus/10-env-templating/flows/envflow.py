from prefect import flow


@flow(name="env-flow")
def envflow(bucket: str):
    pass
