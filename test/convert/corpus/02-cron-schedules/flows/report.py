from prefect import flow


@flow(name="sales-report", log_prints=True)
def build_report(region: str, limit: int = 100):
    print(region, limit)
