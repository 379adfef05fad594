"""Field types shared by the API's schemas and path parameters."""

from typing import Annotated

from pydantic import AfterValidator


def _refuse_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; refuse it here, as Django's form fields do.
    if "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    return value


Text = Annotated[str, AfterValidator(_refuse_nul)]
