import prefect


@prefect.flow(name="git-etl")
async def run_etl(day: str = "today") -> None:
    '''Runs the ETL from the cloned repository.'''
