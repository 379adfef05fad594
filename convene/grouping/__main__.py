"""Run the grouping command line: python -m convene.grouping --help."""

from __future__ import annotations

import sys

from convene.grouping.cli import main

if __name__ == "__main__":
    sys.exit(main())
