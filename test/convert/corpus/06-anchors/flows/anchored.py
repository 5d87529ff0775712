from prefect import flow


@flow(name="anchored-flow")
def anchored():
    pass
