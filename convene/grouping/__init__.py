"""Diverse grouping: split people into groups of bounded size, as different as possible.

Pure computation with numpy (and numba for the hot loops); imports no Django.
"""

from __future__ import annotations

from convene.grouping.errors import GroupingError, InstanceFormatError
from convene.grouping.instance import Instance, parse_instance, read_instance
from convene.grouping.solver import Solution, objective, solve

__all__ = [
    "GroupingError",
    "Instance",
    "InstanceFormatError",
    "Solution",
    "objective",
    "parse_instance",
    "read_instance",
    "solve",
]
