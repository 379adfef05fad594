"""Two responses to one contribution at once: the row lock lets exactly one land.

Needs real concurrent transactions, so it runs on PostgreSQL only.
"""

from __future__ import annotations

import pytest

from convene.agenda import services
from convene.agenda.models import Response
from convene.agenda.services import AgendaError
from convene.discussions.models import Comment, Post
from tests.agenda.conftest import make_issue, submitted
from tests.communities.test_concurrency import at_once
from tests.conftest import on_postgres
from tests.factories import make_community, make_person

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_responses_at_once_land_once():
    convenor = make_person("Convenor")
    executive = make_person("Executive", is_executive=True)
    community = make_community("Busy Circle", convenor=convenor)
    contribution = submitted(make_issue(executive), community, convenor, executive)

    def answer(outcome: str, body: str = ""):
        return lambda: services.respond(
            actor=executive, contribution=contribution, outcome=outcome, body=body
        )

    outcomes = at_once(
        answer("accepted"),
        answer("declined", "Not now."),
        answer("accepted_in_part", "Partly."),
        answer("more_information", "Costs?"),
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 3, outcomes
    assert all(isinstance(e, AgendaError) for e in errors), errors
    assert all("not awaiting a response" in str(e) for e in errors)
    assert Response.objects.filter(contribution=contribution).count() == 1
    assert Post.objects.filter(community=community).count() == 1
    assert not Comment.objects.exists()
