from prefect import flow


@flow
def hello_minimal(name: str = "world"):
    """Says hello.

    The second paragraph of the docstring.
    """
    print(f"hello, {name}")
