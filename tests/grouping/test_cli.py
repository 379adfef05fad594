"""`python -m convene.grouping solve` prints one JSON object, or a readable error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTANCE = "4 2 ss 2 2 2 2\n0 1 1\n0 2 2\n0 3 3\n1 2 4\n1 3 5\n2 3 6\n"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "convene.grouping", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_solve_prints_one_json_object(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text(INSTANCE)

    completed = _run("solve", str(path), "--time-limit", "0.2", "--seed", "3")

    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert set(result) == {"objective", "groups", "seconds", "feasible"}
    assert result["objective"] == 7.0
    assert result["feasible"] is True
    assert sorted(i for group in result["groups"] for i in group) == [0, 1, 2, 3]


def test_malformed_file_exits_2_naming_the_line_without_a_traceback(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text(INSTANCE.replace("1 2 4", "1 2 four"))

    completed = _run("solve", str(path))

    assert completed.returncode == 2
    assert "line 5: distance 'four' is not a number" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert completed.stdout == ""
