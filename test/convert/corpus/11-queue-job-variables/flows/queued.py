from typing import Any, Optional

from prefect import flow


@flow(name="queued-flow")
def queued(config: dict[str, Any], label: Optional[str] = None):
    pass
