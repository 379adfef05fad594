"""The ballot table links to no voter: no column, no join, no timestamp, no telling order."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import admin
from django.db import models

from convene.elections import results, services
from convene.elections.models import Ballot, Election, Receipt
from tests.elections.conftest import add_members, end_voting, ids


def test_a_ballot_has_only_a_random_id_its_election_and_its_choices():
    names = {field.name for field in Ballot._meta.get_fields()}
    assert names == {"id", "election", "choices", "consent", "reason"}
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    assert Ballot._meta.pk.default is uuid.uuid4


def test_no_relation_leads_from_a_ballot_to_a_person():
    for field in Ballot._meta.get_fields():
        if field.is_relation:
            assert field.related_model is Election, field.name
    user_model = settings.AUTH_USER_MODEL.lower()
    election_links = {
        f.related_model._meta.label_lower
        for f in Election._meta.get_fields()
        if f.is_relation and f.related_model is not None
    }
    # Elections do link to people (opener, winner), but only Receipt joins voters, and it
    # shares nothing with Ballot except the election.
    assert user_model in election_links
    receipt_fields = {f.name for f in Receipt._meta.get_fields()}
    assert receipt_fields == {"id", "election", "voter"}


def test_a_ballot_has_no_time_of_its_own():
    for field in Ballot._meta.get_fields():
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField)


def test_published_ballots_do_not_come_in_the_order_they_were_cast(people, voting, circle):
    first, second = ids(voting.nominations.accepted())
    kinds = [[first], [second], [first, second], [second, first]]
    voters = [*services.members(circle), *add_members(circle, 34)]
    cast = [kinds[number % 7 % 4] for number in range(len(voters))]
    for voter, ranking in zip(voters, cast, strict=True):
        services.cast_ballot(actor=voter, election=voting, choices=ranking)
    closed = services.close_election(actor=None, election=end_voting(voting))
    listed = [ballot["choices"] for ballot in results.published(closed)["ballots"]]
    assert sorted(listed) == sorted(cast)
    # 40 ballots of 4 kinds: the shuffle gives back the order of voting about once in 10^20.
    assert listed != cast


def test_ballots_and_receipts_have_no_admin():
    registered = set(admin.site._registry)
    assert Ballot not in registered and Receipt not in registered


def test_no_election_model_is_editable_in_the_admin():
    from convene.elections import models as election_models

    registered = {model._meta.app_label for model in admin.site._registry}
    assert election_models.Election._meta.app_label not in registered


def test_receipts_have_random_ids_so_their_order_says_nothing_of_when_members_voted():
    assert isinstance(Receipt._meta.pk, models.UUIDField)
    assert Receipt._meta.pk.default is uuid.uuid4
