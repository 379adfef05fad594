"""Command line: `python -m convene.grouping solve FILE`, `... bench FOLDER`, `... scale`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from convene.grouping.bench import read_reference
from convene.grouping.bench import run as run_bench
from convene.grouping.errors import GroupingError
from convene.grouping.instance import read_instance
from convene.grouping.scale import Scenario, measure
from convene.grouping.solver import solve


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command named on the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.command(args))
    except GroupingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error.strerror}: {error.filename}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m convene.grouping", description="Form maximally diverse groups."
    )
    commands = parser.add_subparsers(required=True)
    run = commands.add_parser("solve", help="solve one MDGPLIB instance file, print JSON")
    run.add_argument("file", type=Path)
    run.add_argument("--time-limit", type=float, default=1.0, help="seconds (default 1)")
    run.add_argument("--seed", type=int, default=0)
    run.set_defaults(command=_solve)
    measure = commands.add_parser("bench", help="run a folder of instances, write a gap table")
    measure.add_argument("folder", type=Path)
    measure.add_argument("--seeds", type=int, default=5, help="runs per instance (default 5)")
    measure.add_argument("--sizes", type=_sizes, help="instance sizes n, e.g. 120,240")
    measure.add_argument("--best-known", type=Path, help="CSV (default FOLDER/best_known.csv)")
    measure.add_argument("--optimal", type=Path, help="CSV (default FOLDER/optimal_small.csv)")
    measure.add_argument("--out", type=Path, help="Markdown file for the tables")
    measure.set_defaults(command=_bench)
    scale = commands.add_parser("scale", help="time solve on generated profiles, by phase")
    scale.add_argument("--n", type=int, default=10_000, help="people (default 10000)")
    scale.add_argument("--group-size", type=int, default=3, help="(default 3)")
    scale.add_argument("--forbidden", type=int, default=3000, help="pairs (default 3000)")
    scale.add_argument("--time-limit", type=float, default=25.0, help="seconds (default 25)")
    scale.add_argument("--seed", type=int, default=0)
    scale.set_defaults(command=_scale)
    return parser


def _sizes(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 120,240, got {text!r}") from None


def _solve(args: argparse.Namespace) -> int:
    instance = read_instance(args.file)
    solution = solve(
        instance.distances,
        instance.lower,
        instance.upper,
        time_limit=args.time_limit,
        seed=args.seed,
    )
    result = {
        "objective": solution.objective,
        "groups": solution.groups,
        "seconds": round(solution.seconds, 3),
        "feasible": solution.feasible,
    }
    print(json.dumps(result))
    return 0


def _scale(args: argparse.Namespace) -> int:
    scenario = Scenario(args.n, args.group_size, args.forbidden, args.time_limit, args.seed)
    print(measure(scenario))
    return 0


def _bench(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    best_known = args.best_known or folder / "best_known.csv"
    optimal = args.optimal or folder / "optimal_small.csv"
    report = run_bench(
        folder,
        seeds=args.seeds,
        sizes=args.sizes,
        best_known=read_reference(best_known, "tpsdp_best_of_20"),
        optimal=read_reference(optimal, "optimum_exhaustive"),
        out=args.out,
    )
    print(report)
    return 0
