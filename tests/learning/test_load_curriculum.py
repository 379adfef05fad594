"""Loading the curriculum: a good folder loads, a bad one names the file and problem."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from convene.communities.models import Community
from convene.learning.models import Lesson, Module, Option, Question
from convene.learning.services import edit_lesson


def load(folder: Path, *args: str) -> str:
    out = StringIO()
    call_command("load_curriculum", str(folder), *args, stdout=out)
    return out.getvalue()


def refusal(folder: Path) -> str:
    with pytest.raises(CommandError) as raised:
        load(folder)
    return str(raised.value)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


LESSON = "01-first-steps/01-domain.md"


def test_a_good_folder_loads_modules_lessons_and_checks_in_order(db, folder):
    output = load(folder)
    assert "2 modules and 3 lessons" in output
    assert list(Module.objects.values_list("slug", flat=True)) == [
        "first-steps",
        "leading-together",
    ]
    lesson = Lesson.objects.get(slug="domain")
    assert lesson.minutes == 12 and lesson.module.slug == "first-steps"
    assert "<h2>Sources</h2>" in lesson.body_html
    assert [q.text for q in lesson.questions.all()] == [
        "Which of these is the practice?",
        "Which element is missing when no one brings a real problem?",
    ]
    assert Option.objects.filter(question__lesson=lesson, is_correct=True).count() == 2
    assert Community.objects.get(slug="introductory-programme").visibility == "open"


def test_loading_again_changes_nothing(db, folder):
    load(folder)
    options = list(Option.objects.order_by("pk").values_list("pk", "text", "is_correct"))
    output = load(folder)
    assert "0 created, 0 updated, 5 unchanged" in output
    assert list(Option.objects.order_by("pk").values_list("pk", "text", "is_correct")) == options


def test_a_changed_file_updates_its_lesson_and_keeps_the_options_ids(db, folder):
    load(folder)
    before = set(Option.objects.values_list("pk", flat=True))
    replace(folder / LESSON, "minutes = 12", "minutes = 14")
    replace(folder / LESSON, 'text = "The list of members"', 'text = "The members list"')
    output = load(folder)
    assert "1 updated" in output and "updated: lesson first-steps/domain" in output
    assert Lesson.objects.get(slug="domain").minutes == 14
    assert Option.objects.filter(text="The members list").exists()
    assert set(Option.objects.values_list("pk", flat=True)) == before


def test_moving_the_correct_answer_to_another_option_loads(db, folder):
    load(folder)
    path = folder / LESSON
    replace(path, 'correct = true\nexplanation = "Yes', 'correct = false\nexplanation = "Yes')
    replace(path, 'correct = false\nexplanation = "That', 'correct = true\nexplanation = "That')
    load(folder)
    question = Question.objects.get(text="Which of these is the practice?")
    assert question.options.get(is_correct=True).text == "The list of members"


def test_a_lesson_edited_in_convene_is_kept_unless_overwriting(db, folder, people):
    load(folder)
    lesson = Lesson.objects.get(slug="domain")
    edit_lesson(
        actor=people.admin, lesson=lesson, body="Our own words.", reflection="Why?", minutes=5
    )
    replace(folder / LESSON, "minutes = 12", "minutes = 20")
    output = load(folder)
    assert "kept: lesson first-steps/domain" in output
    lesson.refresh_from_db()
    assert (lesson.body, lesson.minutes, lesson.edited_by) == ("Our own words.", 5, people.admin)
    load(folder, "--overwrite-edits")
    lesson.refresh_from_db()
    assert lesson.minutes == 20 and lesson.edited_at is None
    assert "Wenger" in lesson.body


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('title = "Domain, community and practice"\n', ""), "`title` is missing"),
        (("minutes = 12", "minutes = 90"), "`minutes` is 90; it must be from 1 to 60"),
        (("minutes = 12", "minutes = 0"), "`minutes` is 0"),
        (("minutes = 12", 'minutes = "twelve"'), "`minutes` must be a whole number"),
        (('reflection = "What', 'reflexion = "What'), "`reflection` is missing"),
        (
            ('correct = true\nexplanation = "Yes', 'correct = false\nexplanation = "Yes'),
            "question 1 has no correct option",
        ),
        (
            ('correct = false\nexplanation = "That', 'correct = true\nexplanation = "That'),
            "question 1 has 2 correct options",
        ),
        (
            ('explanation = "That is membership, not practice."\n', ""),
            "question 1, option 2: `explanation` is missing",
        ),
        (("minutes = 12", "minutes = = 12"), "not valid TOML"),
    ],
)
def test_a_malformed_lesson_names_the_file_and_the_problem(db, folder, change, problem):
    replace(folder / LESSON, *change)
    message = refusal(folder)
    assert f"{LESSON}: " in message and problem in message
    assert not Lesson.objects.exists(), "nothing is loaded from a folder with a broken file"


def test_bad_toml_is_reported_at_its_line_in_the_file(db, folder):
    replace(folder / LESSON, "minutes = 12", "minutes = = 12")
    assert "(line 3, column" in refusal(folder)


def test_a_duplicate_slug_names_both_files(db, folder):
    (folder / "01-first-steps" / "03-domain.md").write_text((folder / LESSON).read_text())
    message = refusal(folder)
    assert (
        "01-first-steps/03-domain.md" in message
        and "also used by 01-first-steps/01-domain.md" in message
    )


def test_a_duplicate_module_slug_is_refused(db, folder):
    (folder / "02-leading-together").rename(folder / "02-first-steps")
    assert "the module slug “first-steps” is also used by 01-first-steps" in refusal(folder)


def test_a_module_without_a_title_names_its_module_file(db, folder):
    replace(folder / "02-leading-together/module.md", 'title = "Leading together"\n', "")
    assert "02-leading-together/module.md: `title` is missing" in refusal(folder)


def test_a_file_without_front_matter_is_refused(db, folder):
    (folder / LESSON).write_text("Just text.\n")
    assert f"{LESSON}: must start with front matter" in refusal(folder)


def test_every_broken_file_is_listed_at_once(db, folder):
    replace(folder / LESSON, "minutes = 12", "minutes = 61")
    replace(folder / "02-leading-together/01-plural.md", "minutes = 15", "minutes = 0")
    message = refusal(folder)
    assert "2 problem(s)" in message and "01-plural.md" in message and "01-domain.md" in message


def test_a_missing_folder_is_refused(db, tmp_path):
    assert "there is no such folder" in refusal(tmp_path / "nowhere")


def test_the_repository_curriculum_loads(db):
    output = StringIO()
    call_command("load_curriculum", stdout=output)
    assert Lesson.objects.count() >= 3 and "The curriculum is loaded." in output.getvalue()
