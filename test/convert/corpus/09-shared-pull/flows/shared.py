from prefect import flow


@flow(name="shared-pull-flow")
def shared():
    pass
