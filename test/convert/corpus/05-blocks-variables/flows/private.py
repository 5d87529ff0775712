from prefect import flow


@flow
def private_flow():
    pass
