"""Query parameter types shared by routes."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Only `YYYY-MM-DD`: pydantic alone takes `0` as a Unix time (1970-01-01)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("expected an ISO date, YYYY-MM-DD")
    return value


#: A calendar date given as YYYY-MM-DD (400 for anything else, e.g. `until=0`).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
