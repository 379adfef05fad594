"""Read the curriculum folder: TOML front matter between +++ lines, then Markdown.

Pure Python, no Django: `read_curriculum(folder)` parses and checks every
file and returns the whole programme, or raises CurriculumError listing each
broken file and what is wrong with it, so nothing is loaded from a folder
that is only partly right.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MIN_MINUTES, MAX_MINUTES = 1, 60
MIN_OPTIONS, MAX_OPTIONS = 2, 5
TITLE_LIMIT = 200
SUMMARY_LIMIT = 1000
BODY_LIMIT = 60_000
REFLECTION_LIMIT = 500
TEXT_LIMIT = 500
EXPLANATION_LIMIT = 1000

NUMBERED = re.compile(r"^(?P<number>\d+)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
TOML_POSITION = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)")
FENCE = "+++"


class CurriculumError(Exception):
    """The curriculum folder has files that cannot be loaded; `problems` names each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class OptionSpec:
    text: str
    correct: bool
    explanation: str


@dataclass
class QuestionSpec:
    text: str
    options: list[OptionSpec]


@dataclass
class LessonSpec:
    slug: str
    order: int
    title: str
    minutes: int
    reflection: str
    body: str
    questions: list[QuestionSpec]
    path: str


@dataclass
class ModuleSpec:
    slug: str
    order: int
    title: str
    summary: str
    intro: str
    path: str
    lessons: list[LessonSpec] = field(default_factory=list)


def read_curriculum(folder: Path) -> list[ModuleSpec]:
    """Parse and check every module and lesson under `folder`, in order."""
    if not folder.is_dir():
        raise CurriculumError([f"{folder}: there is no such folder."])
    problems: list[str] = []
    modules: list[ModuleSpec] = []
    for directory in sorted(path for path in folder.iterdir() if path.is_dir()):
        if directory.name.startswith((".", "_")):
            continue
        module = _read_module(folder, directory, problems)
        if module is not None:
            modules.append(module)
    _refuse_duplicates(modules, "module", problems)
    if not modules and not problems:
        problems.append(f"{folder}: holds no module folders (NN-module-slug/).")
    if problems:
        raise CurriculumError(problems)
    return modules


def _read_module(root: Path, directory: Path, problems: list[str]) -> ModuleSpec | None:
    where = _relative(root, directory)
    match = NUMBERED.match(directory.name)
    if not match:
        problems.append(f"{where}: a module folder is named NN-module-slug, e.g. 01-practice.")
        return None
    module_file = directory / "module.md"
    if not module_file.is_file():
        problems.append(f"{where}: has no module.md.")
        return None
    module = _parse_module(root, module_file, match, problems)
    lesson_files = sorted(path for path in directory.glob("*.md") if path.name != "module.md")
    for path in lesson_files:
        lesson = _read_lesson(root, path, problems)
        if lesson is not None and module is not None:
            module.lessons.append(lesson)
    if module is not None:
        if not lesson_files:
            problems.append(f"{module.path}: the module has no lessons.")
        _refuse_duplicates(module.lessons, "lesson", problems)
    return module


def _parse_module(
    root: Path, path: Path, match: re.Match[str], problems: list[str]
) -> ModuleSpec | None:
    where = _relative(root, path)
    parsed = _front_matter(path, where, problems)
    if parsed is None:
        return None
    data, body = parsed
    before = len(problems)
    title = _text(data, "title", where, problems, limit=TITLE_LIMIT)
    summary = _text(data, "summary", where, problems, limit=SUMMARY_LIMIT, required=False)
    _limit(body, "text", BODY_LIMIT, where, problems)
    if len(problems) > before:
        return None
    return ModuleSpec(
        slug=match["slug"],
        order=int(match["number"]),
        title=title,
        summary=summary,
        intro=body,
        path=_relative(root, path.parent),
    )


def _read_lesson(root: Path, path: Path, problems: list[str]) -> LessonSpec | None:
    where = _relative(root, path)
    match = NUMBERED.match(path.stem)
    if not match:
        problems.append(f"{where}: a lesson file is named NN-lesson-slug.md, e.g. 01-intro.md.")
        return None
    parsed = _front_matter(path, where, problems)
    if parsed is None:
        return None
    data, body = parsed
    before = len(problems)
    title = _text(data, "title", where, problems, limit=TITLE_LIMIT)
    reflection = _text(data, "reflection", where, problems, limit=REFLECTION_LIMIT)
    minutes = _minutes(data, where, problems)
    questions = _questions(data.get("check", []), where, problems)
    if not body.strip():
        problems.append(f"{where}: the lesson has no text after the front matter.")
    _limit(body, "text", BODY_LIMIT, where, problems)
    if len(problems) > before:
        return None
    return LessonSpec(
        slug=match["slug"],
        order=int(match["number"]),
        title=title,
        minutes=minutes,
        reflection=reflection,
        body=body,
        questions=questions,
        path=where,
    )


def _front_matter(path: Path, where: str, problems: list[str]) -> tuple[dict[str, Any], str] | None:
    """Split a file into its TOML front matter and its Markdown body."""
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        problems.append(f"{where}: is not UTF-8 text.")
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        problems.append(f"{where}: must start with front matter between +++ lines.")
        return None
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == FENCE)
    except StopIteration:
        problems.append(f"{where}: the front matter has no closing +++ line.")
        return None
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        problems.append(f"{where}: the front matter is not valid TOML: {_file_position(error)}.")
        return None
    return data, "\n".join(lines[end + 1 :]).strip() + "\n"


def _file_position(error: tomllib.TOMLDecodeError) -> str:
    """Say where TOML went wrong as a line of the file, which starts one line before the TOML."""

    def shift(match: re.Match[str]) -> str:
        return f"(line {int(match['line']) + 1}, column {match['column']})"

    return TOML_POSITION.sub(shift, str(error))


def _text(
    data: dict[str, Any],
    key: str,
    where: str,
    problems: list[str],
    *,
    limit: int,
    required: bool = True,
    label: str = "",
) -> str:
    value = data.get(key)
    label = label or f"`{key}`"
    if value is None:
        if required:
            problems.append(f"{where}: {label} is missing.")
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}: {label} must be text in quotes.")
        return ""
    value = value.strip()
    if required and not value:
        problems.append(f"{where}: {label} is empty.")
    _limit(value, label, limit, where, problems)
    return value


def _limit(value: str, label: str, limit: int, where: str, problems: list[str]) -> None:
    if len(value) > limit:
        problems.append(f"{where}: {label} is longer than {limit:,} characters.")


def _minutes(data: dict[str, Any], where: str, problems: list[str]) -> int:
    minutes = data.get("minutes")
    if minutes is None:
        problems.append(f"{where}: `minutes` is missing.")
        return 0
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        problems.append(f"{where}: `minutes` must be a whole number.")
        return 0
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        problems.append(
            f"{where}: `minutes` is {minutes}; it must be from {MIN_MINUTES} to {MAX_MINUTES}."
        )
    return minutes


def _questions(raw: Any, where: str, problems: list[str]) -> list[QuestionSpec]:
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        problems.append(f"{where}: `check` must be a list of [[check]] tables.")
        return []
    return [_question(item, number, where, problems) for number, item in enumerate(raw, start=1)]


def _question(data: dict[str, Any], number: int, where: str, problems: list[str]) -> QuestionSpec:
    label = f"question {number}"
    text = _text(data, "question", where, problems, limit=TEXT_LIMIT, label=f"{label}: `question`")
    raw = data.get("options", [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        problems.append(f"{where}: {label}: `options` must be [[check.options]] tables.")
        raw = []
    if not MIN_OPTIONS <= len(raw) <= MAX_OPTIONS:
        problems.append(
            f"{where}: {label} has {len(raw)} options; it needs {MIN_OPTIONS} to {MAX_OPTIONS}."
        )
    options = [
        _option(item, f"{label}, option {n}", where, problems) for n, item in enumerate(raw, 1)
    ]
    correct = sum(option.correct for option in options)
    if raw and correct == 0:
        problems.append(f"{where}: {label} has no correct option; mark one with correct = true.")
    elif correct > 1:
        problems.append(
            f"{where}: {label} has {correct} correct options; exactly one may be correct."
        )
    return QuestionSpec(text=text, options=options)


def _option(data: dict[str, Any], label: str, where: str, problems: list[str]) -> OptionSpec:
    text = _text(data, "text", where, problems, limit=TEXT_LIMIT, label=f"{label}: `text`")
    explanation = _text(
        data,
        "explanation",
        where,
        problems,
        limit=EXPLANATION_LIMIT,
        label=f"{label}: `explanation`",
    )
    correct = data.get("correct", False)
    if not isinstance(correct, bool):
        problems.append(f"{where}: {label}: `correct` must be true or false.")
        correct = False
    return OptionSpec(text=text, correct=correct, explanation=explanation)


def _refuse_duplicates(items: list[Any], kind: str, problems: list[str]) -> None:
    seen: dict[str, str] = {}
    for item in items:
        if item.slug in seen:
            problems.append(
                f"{item.path}: the {kind} slug “{item.slug}” is also used by {seen[item.slug]}."
            )
        else:
            seen[item.slug] = item.path


def _relative(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
