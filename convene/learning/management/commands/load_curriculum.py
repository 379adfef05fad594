"""Read the introductory programme from its folder of Markdown files into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from convene.learning.content import CurriculumError, read_curriculum
from convene.learning.services import load_curriculum


def default_folder() -> Path:
    return Path(settings.BASE_DIR) / "content" / "curriculum"


class Command(BaseCommand):
    help = (
        "Load the introductory programme from a folder of Markdown files (default "
        "content/curriculum). Every file is checked before anything is written; lessons "
        "an administrator has edited in Convene are kept unless --overwrite-edits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", type=Path, default=None)
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="Replace lessons edited in Convene with the text in the files.",
        )

    def handle(
        self, *args: Any, folder: Path | None, overwrite_edits: bool, **options: Any
    ) -> None:
        folder = folder or default_folder()
        try:
            modules = read_curriculum(folder)
        except CurriculumError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(
                f"Nothing was loaded: {len(error.problems)} problem(s) in {folder}:\n{problems}"
            ) from None
        summary = load_curriculum(modules, overwrite_edits=overwrite_edits)
        lessons = sum(len(module.lessons) for module in modules)
        self.stdout.write(f"Read {len(modules)} modules and {lessons} lessons from {folder}.")
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("The curriculum is loaded."))
