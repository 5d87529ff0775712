from prefect import flow


@flow(
    name="sync-inventory",
    description="Copies the inventory to the warehouse.",
)
def sync():
    pass
