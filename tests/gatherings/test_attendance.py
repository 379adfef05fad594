"""The facilitator or a convenor records who came, once the gathering has started."""

from __future__ import annotations

import pytest

from convene.gatherings import services
from convene.gatherings.models import Attendance
from convene.gatherings.services import GatheringError
from tests.factories import make_person
from tests.gatherings.conftest import DAY, make_gathering

pytestmark = pytest.mark.django_db


def test_the_facilitator_records_and_corrects_attendance(people):
    helper = make_person("Hana Helper")
    people.open_community.memberships.create(user=helper)
    gathering = make_gathering(people.open_community, starts_in=-DAY, facilitator=helper)
    services.record_attendance(
        actor=helper, gathering=gathering, attendees=[people.member, people.convenor]
    )
    services.record_attendance(actor=helper, gathering=gathering, attendees=[people.member])
    assert list(Attendance.objects.values_list("user", flat=True)) == [people.member.pk]


def test_not_before_the_start(people):
    gathering = make_gathering(people.open_community)
    with pytest.raises(GatheringError, match="once the gathering has started"):
        services.record_attendance(
            actor=people.convenor, gathering=gathering, attendees=[people.member]
        )
    assert not Attendance.objects.exists()


def test_not_for_a_non_member(people):
    gathering = make_gathering(people.open_community, starts_in=-DAY)
    with pytest.raises(GatheringError, match="Olu Outsider is not a member of Open Circle"):
        services.record_attendance(
            actor=people.convenor, gathering=gathering, attendees=[people.member, people.outsider]
        )
    assert not Attendance.objects.exists()


def test_members_do_not_record_attendance(people):
    gathering = make_gathering(people.open_community, starts_in=-DAY)
    with pytest.raises(GatheringError, match="Only the facilitator or a convenor"):
        services.record_attendance(
            actor=people.member, gathering=gathering, attendees=[people.member]
        )


def test_notes_render_markdown_safely(people):
    gathering = make_gathering(people.open_community, starts_in=-DAY)
    services.write_notes(
        actor=people.convenor, gathering=gathering, notes="**Agreed**\n\n<script>x</script>"
    )
    gathering.refresh_from_db()
    assert "<strong>Agreed</strong>" in gathering.notes_html
    assert "<script>" not in gathering.notes_html
