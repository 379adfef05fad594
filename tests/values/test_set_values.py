"""Administrators add, reword, reorder, retire and restore the organisation's values."""

from __future__ import annotations

import pytest

from convene.audit.models import AuditEvent
from convene.values import services
from convene.values.models import Value
from convene.values.services import ValuesError
from tests.values.builders import make_value


def names() -> list[str]:
    return list(Value.objects.values_list("name", flat=True))


def test_an_administrator_adds_a_value_at_the_end(people):
    make_value("Courage")
    value = services.add_value(actor=people.admin, name="  Care  ", description="We look out.")
    assert names() == ["Courage", "Care"]
    assert value.name == "Care" and value.is_active
    assert AuditEvent.objects.filter(action="value.added", subject_id=str(value.pk)).exists()


def test_only_administrators_set_values(people):
    with pytest.raises(ValuesError, match="Only administrators"):
        services.add_value(actor=people.member, name="Care")
    assert not Value.objects.exists()


def test_a_second_value_with_the_same_name_in_other_letters_is_refused(people):
    make_value("Courage")
    with pytest.raises(ValuesError, match="already a value called"):
        services.add_value(actor=people.admin, name="COURAGE")
    assert names() == ["Courage"]


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "cannot be empty"), ("x" * 81, "at most 80"), ("Care\x00", "control characters")],
)
def test_a_bad_name_is_refused(people, name, message):
    with pytest.raises(ValuesError, match=message):
        services.add_value(actor=people.admin, name=name)
    assert not Value.objects.exists()


def test_moving_a_value_up_renumbers_the_list(people):
    first, second, third = make_value("A"), make_value("B"), make_value("C")
    services.move_value(actor=people.admin, value=third, step=-1)
    assert names() == ["A", "C", "B"]
    services.move_value(actor=people.admin, value=first, step=-1)
    assert names() == ["A", "C", "B"]
    services.place_value(actor=people.admin, value=second, position=1)
    assert names() == ["B", "A", "C"]
    assert list(Value.objects.values_list("order", flat=True)) == [1, 2, 3]


def test_a_position_off_the_list_is_refused(people):
    value = make_value("A")
    with pytest.raises(ValuesError, match="from 1 to 1"):
        services.place_value(actor=people.admin, value=value, position=2)


def test_retiring_and_restoring_a_value(people):
    value = make_value("Courage")
    services.set_offered(actor=people.admin, value=value, offered=False)
    assert not Value.objects.active().exists()
    services.set_offered(actor=people.admin, value=value, offered=True)
    assert Value.objects.active().get() == value
    actions = AuditEvent.objects.filter(subject_id=str(value.pk)).values_list("action", flat=True)
    assert sorted(actions) == ["value.restored", "value.retired"]
