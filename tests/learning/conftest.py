"""A small curriculum to load, and builders for programmes of any size."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from convene.learning.content import read_curriculum
from convene.learning.models import Lesson
from convene.learning.services import load_curriculum
from tests.api.conftest import api_as  # noqa: F401 (API clients signed in with a token)

FIXTURE = Path(__file__).parent / "curriculum"

LESSON = """+++
title = "Lesson {number}"
minutes = 10
reflection = "What will you try after lesson {number}?"

[[check]]
question = "Question of lesson {number}?"

[[check.options]]
text = "Right"
correct = true
explanation = "This is right."

[[check.options]]
text = "Wrong"
correct = false
explanation = "This is wrong."
+++
The text of lesson {number}.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the small fixture curriculum that a test may change."""
    target = tmp_path / "curriculum"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture
def curriculum(db) -> dict[str, Lesson]:
    """The fixture curriculum, loaded: its lessons by slug."""
    load_curriculum(read_curriculum(FIXTURE))
    return {lesson.slug: lesson for lesson in Lesson.objects.select_related("module")}


def write_programme(root: Path, *, modules: int, lessons: int) -> Path:
    """Write a programme of `modules` modules with `lessons` lessons each."""
    for m in range(1, modules + 1):
        module = root / f"{m:02d}-module-{m}"
        module.mkdir(parents=True)
        (module / "module.md").write_text(f'+++\ntitle = "Module {m}"\n+++\nAbout module {m}.\n')
        for n in range(1, lessons + 1):
            (module / f"{n:02d}-lesson-{n}.md").write_text(LESSON.format(number=f"{m}.{n}"))
    return root


def load_programme(root: Path, *, modules: int, lessons: int) -> list[Lesson]:
    load_curriculum(read_curriculum(write_programme(root, modules=modules, lessons=lessons)))
    return list(Lesson.objects.in_programme_order().select_related("module"))
