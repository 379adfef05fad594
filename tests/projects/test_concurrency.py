"""Two members volunteering for the same role at the same moment: one gets it.

These need real concurrent transactions, so they run on PostgreSQL only.
"""

from __future__ import annotations

from functools import partial

import pytest

from convene.projects import services
from convene.projects.services import ProjectError
from tests.communities.test_concurrency import at_once
from tests.conftest import on_postgres
from tests.factories import make_community, make_person
from tests.projects.conftest import draft, open_role

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_a_role_volunteered_for_twice_at_once_has_one_winner():
    lead = make_person("Lead")
    volunteers = [make_person(f"Volunteer {n}") for n in range(6)]
    community = make_community("Busy", members=[lead, *volunteers])
    project = draft(community, lead)
    role = open_role(project, lead)
    outcomes = at_once(*[partial(services.volunteer, actor=v, role=role) for v in volunteers])
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert all(isinstance(e, ProjectError) and "taken" in str(e) for e in errors), errors
    assert len(errors) == 5
    role.refresh_from_db()
    assert role.person in volunteers


def test_one_member_volunteering_for_two_roles_at_once_takes_one():
    lead, member = make_person("Lead"), make_person("Member")
    community = make_community("Twice", members=[lead, member])
    project = draft(community, lead)
    roles = [open_role(project, lead, name) for name in ("Analyst", "Scribe")]
    outcomes = at_once(*[partial(services.volunteer, actor=member, role=r) for r in roles])
    assert sum(isinstance(outcome, ProjectError) for outcome in outcomes) == 1, outcomes
    assert project.roles.filter(person=member).count() == 1
