"""The term record follows who convenes, even when roles are changed by hand."""

from __future__ import annotations

import datetime

import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from convene.communities import services as communities
from convene.elections import services
from convene.elections.models import Election, Term, TermPolicy
from convene.lib.dates import add_months
from tests.elections.conftest import end_voting


def test_a_convenor_without_a_term_gets_an_appointed_one_from_the_daily_command(people, circle):
    TermPolicy.objects.create(community=circle, term_months=6)
    call_command("run_elections", stdout=None)
    call_command("run_elections", stdout=None)
    term = Term.objects.get(community=circle)
    today = timezone.localdate()
    assert (term.person, term.how, term.starts_on) == (people.convenor, "appointment", today)
    assert term.ends_on == add_months(today, 6) - datetime.timedelta(days=1)
    assert term.is_current


def test_the_history_and_the_panel_show_the_convenor_of_a_community_without_a_term(
    people, circle, as_member
):
    community_page = as_member.get(circle.get_absolute_url()).content.decode()
    assert "No convenor's term is on record yet" not in community_page
    assert "Connor Convenor is convenor, appointed." in community_page
    assert not Term.objects.exists()  # the community page only reads
    history = as_member.get(reverse("elections:election_list", args=[circle.slug]))
    assert people.convenor.full_name in history.content.decode()
    assert Term.objects.filter(community=circle).count() == 1


def test_a_convenor_replaced_by_hand_ends_their_term_and_the_new_one_starts(people, circle):
    services.keep_terms_in_step(circle)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30)):
        communities.change_role(
            actor=people.convenor, community=circle, member=people.member, role="convenor"
        )
        communities.change_role(
            actor=people.member, community=circle, member=people.convenor, role="member"
        )
        services.run_due()
        today = timezone.localdate()
        old, new = Term.objects.filter(community=circle).order_by("starts_on")
        assert (old.person, old.ends_on) == (people.convenor, today - datetime.timedelta(days=1))
        assert (new.person, new.starts_on, new.how) == (people.member, today, "appointment")
        assert services.current_term(circle) == new


def test_an_appointed_term_brings_the_reminder_and_the_next_election(people, circle):
    TermPolicy.objects.create(community=circle, term_months=3, reminder_days=14)
    services.keep_terms_in_step(circle)
    term = Term.objects.get(community=circle)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=80)):
        assert services.run_due()["opened"] == 1
    election = Election.objects.get(community=circle)
    assert election.term_starts_on == term.ends_on + datetime.timedelta(days=1)


def test_a_winner_taking_office_today_replaces_a_term_recorded_today(people, circle, voting):
    services.keep_terms_in_step(circle)  # the convenor's appointed term, from today
    maya = str(voting.nominations.get(nominee=people.member).pk)
    for member in services.members(circle):
        services.cast_ballot(actor=member, election=voting, choices=[maya])
    Election.objects.filter(pk=voting.pk).update(term_starts_on=timezone.localdate())
    closed = services.close_election(actor=None, election=end_voting(voting))
    assert services.keep_terms_in_step(circle) == Term.objects.get(election=closed)
    assert list(Term.objects.filter(community=circle)) == [Term.objects.get(election=closed)]
