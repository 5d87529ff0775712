from prefect import flow


@flow(name="adopt-etl")
def etl(region: str = "us", limit: int = 5) -> None:
    """Loads the warehouse."""
    print(region, limit)
