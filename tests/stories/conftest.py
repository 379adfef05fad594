"""Builders for stories, and the API's token clients."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from convene.agenda.models import Contribution
from convene.communities.models import Community
from convene.discussions.models import Post
from convene.gatherings.models import Gathering
from convene.people.models import User
from convene.projects.models import Project
from convene.projects.services import draft_project
from convene.stories import services
from convene.stories.models import Story
from convene.stories.services import Sharing, StepDraft
from tests.agenda.conftest import draft, make_issue
from tests.api.conftest import api_as  # noqa: F401  (the API tests' token clients)
from tests.discussions.builders import make_post
from tests.gatherings.conftest import DAY, make_gathering

SHARED = {"consent_to_quote": True}


def make_story(
    author: User,
    *,
    community: Community | None = None,
    visibility: str = Story.Visibility.PRIVATE,
    by_name: bool = True,
    steps: list[StepDraft] | None = None,
    **fields: Any,
) -> Story:
    """A story told through the service, shared with consent when it is shared at all."""
    sharing = Sharing(
        visibility=visibility,
        consent_to_quote=visibility != Story.Visibility.PRIVATE,
        quote_by_name=by_name,
    )
    return services.tell_story(
        actor=author,
        title=fields.pop("title", "What the troika taught me"),
        steps=steps or [StepDraft("immediate", "A colleague's question unlocked my problem.")],
        community=community,
        sharing=sharing,
        **fields,
    )


@dataclass
class Sources:
    """Things in the private community a step may come from, and one anyone may see."""

    gathering: Gathering
    post: Post
    project: Project
    contribution: Contribution
    open_gathering: Gathering

    def links(self) -> dict[str, str]:
        return {
            "gathering": f"gathering:{self.gathering.pk}",
            "post": f"post:{self.post.pk}",
            "project": f"project:{self.project.pk}",
            "contribution": f"contribution:{self.contribution.pk}",
        }


@pytest.fixture
def sources(people) -> Sources:
    quiet = people.private_community
    return Sources(
        gathering=make_gathering(quiet, starts_in=-7 * DAY, title="Quiet troika"),
        post=make_post(people.member, quiet, title="Quiet question"),
        project=draft_project(
            actor=people.member,
            community=quiet,
            title="Quiet project",
            problem="Hand-overs are lost.",
            intended_outcomes="A shared hand-over note.",
        ),
        contribution=draft(make_issue(people.executive), quiet, people.convenor),
        open_gathering=make_gathering(
            people.open_community, starts_in=-7 * DAY, title="Open troika"
        ),
    )
