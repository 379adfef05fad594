"""Schema types the resources API's parts share."""

from __future__ import annotations

from typing import Literal

# A literal, not the Kind enum: another app's enum is also called Kind, and the
# published schema names enums by their class names.
ResourceKind = Literal["funding", "time", "expertise"]
