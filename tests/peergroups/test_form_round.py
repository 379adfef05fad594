"""Forming a round: bounds, who may form it, constraints, and what a failure leaves behind."""

from __future__ import annotations

import pytest
from django.utils import timezone

from convene.audit.models import AuditEvent
from convene.communities.models import Membership
from convene.peergroups import services
from convene.peergroups.models import GroupMember, PeerGroup, Round
from convene.peergroups.services import PeerGroupError, group_count
from tests.factories import make_community, make_person
from tests.peergroups.conftest import add_members, groups_of_four_and_three, make_varied_people


def sizes(round: Round) -> list[int]:
    return sorted(group.memberships.count() for group in round.groups.all())


def test_convenor_forms_triads_with_everyone_placed_once(people, circle, form):
    round = form(people.convenor, [circle])
    assert round.status == Round.Status.READY
    assert sizes(round) == [3, 3, 4, 4]
    placed = GroupMember.objects.filter(round=round).values_list("user", flat=True)
    assert sorted(placed) == sorted(services.participants([circle]).values_list("pk", flat=True))
    assert round.score == pytest.approx(sum(g.score for g in round.groups.all()))
    assert AuditEvent.objects.filter(action="peergroups.round_started").count() == 1


def test_groups_of_people_with_different_profiles_score_higher_than_alike(people, form):
    alike = make_community("Alike", convenor=people.convenor)
    add_members(alike, [make_person(f"Same {i}") for i in range(5)])
    varied = make_community("Varied", convenor=people.convenor)
    add_members(varied, make_varied_people(5, prefix="Mixed"))
    same_round, varied_round = form(people.convenor, [alike]), form(people.convenor, [varied])
    assert varied_round.score > same_round.score


@pytest.mark.parametrize(
    ("people_count", "low", "high", "message"),
    [
        (2, 3, 3, "There are 2 people to group, fewer than the 3 one group needs."),
        (
            7,
            3,
            3,
            "7 people cannot be split into groups of exactly 3: 2 groups hold at most 6. "
            "Allow groups of up to 4 people.",
        ),
        (10, 3, 2, "Groups need at least 2 people, and the most at least the fewest."),
    ],
)
def test_bounds_that_cannot_be_met_are_explained(people_count, low, high, message):
    with pytest.raises(PeerGroupError) as refused:
        group_count(people_count, low, high)
    assert str(refused.value) == message


def test_unsatisfiable_bounds_create_no_round(people, circle):
    with pytest.raises(PeerGroupError, match="cannot be split into groups of exactly 5"):
        services.start_round(
            actor=people.convenor,
            title="Fives",
            kind="triad",
            communities=[circle],
            min_size=5,
            max_size=5,
        )
    assert not Round.objects.exists()


def test_member_cannot_form_groups_over_a_community_they_do_not_lead(people, circle):
    with pytest.raises(PeerGroupError, match="only in communities you convene; you do not"):
        services.start_round(
            actor=people.member,
            title="Mine",
            kind="triad",
            communities=[circle],
            min_size=3,
            max_size=4,
        )
    assert not Round.objects.exists()


def test_convenor_of_one_community_cannot_reach_into_another(people, circle, form):
    other = make_community("Elsewhere", convenor=make_person())
    add_members(other, make_varied_people(6, prefix="Other"))
    with pytest.raises(PeerGroupError, match="you do not convene Elsewhere"):
        form(people.convenor, [circle, other])


def test_administrator_forms_one_round_across_communities(people, circle, form):
    other = make_community("Elsewhere", convenor=make_person())
    add_members(other, [*make_varied_people(6, prefix="Other"), people.member])
    round = form(people.admin, [circle, other])
    everyone = services.participants([circle, other]).count()
    assert GroupMember.objects.filter(round=round).count() == everyone == 14 + 7


def test_line_managers_and_their_reports_are_kept_apart(people, form):
    team = make_community("Team", convenor=people.convenor)
    boss = make_person("Boss")
    reports = [make_person(f"Report {i}", line_manager=boss) for i in range(4)]
    add_members(team, [boss, *reports, *make_varied_people(3, prefix="Peer")])
    for seed in range(3):
        round = form(people.convenor, [team], title=f"Try {seed}")
        boss_group = round.placements.get(user=boss).group
        assert not boss_group.memberships.filter(user__in=reports).exists()


def test_people_grouped_in_the_latest_round_are_kept_apart_next_time(people, circle, form):
    first = form(people.convenor, [circle], title="First")
    services.publish_round(actor=people.convenor, round=first)
    second = form(people.convenor, [circle], title="Second", avoid_recent_rounds=1)
    for group in first.groups.all():
        earlier = set(group.memberships.values_list("user", flat=True))
        for later in second.groups.all():
            assert len(earlier & set(later.memberships.values_list("user", flat=True))) <= 1


def test_constraints_that_cannot_all_be_met_fail_the_round_and_publish_nothing(people, form):
    team = make_community("Flat team", convenor=people.convenor)
    boss = make_person("Boss")
    add_members(team, [boss, *[make_person(f"Report {i}", line_manager=boss) for i in range(4)]])
    round = form(people.convenor, [team], min_size=3, max_size=3)
    assert round.status == Round.Status.FAILED
    assert "could not keep apart everyone who must be kept apart" in round.failure
    assert not PeerGroup.objects.filter(round=round).exists()
    with pytest.raises(PeerGroupError, match="Only a round ready to review can be published"):
        services.publish_round(actor=people.convenor, round=round)


def test_forming_twice_does_the_work_once(people, circle, form):
    round = form(people.convenor, [circle])
    services.form_round(str(round.pk))
    assert GroupMember.objects.filter(round=round).count() == 14


def test_forming_again_keeps_people_placed_by_hand(
    people, circle, form, django_capture_on_commit_callbacks
):
    round = form(people.convenor, [circle])
    large, small = groups_of_four_and_three(round)
    mover = large.memberships.all()[0].user
    services.move_person(actor=people.convenor, round=round, person=mover, to_number=small.number)
    with django_capture_on_commit_callbacks(execute=True):
        services.reform_round(actor=people.convenor, round=round)
    place = GroupMember.objects.get(round=round, user=mover)
    assert (place.group.number, place.pinned) == (small.number, True)
    assert GroupMember.objects.filter(round=round, pinned=True).count() == 1


def test_a_published_round_cannot_be_formed_again_or_discarded(people, circle, form):
    round = form(people.convenor, [circle])
    services.publish_round(actor=people.convenor, round=round)
    with pytest.raises(PeerGroupError, match="cannot be formed again"):
        services.reform_round(actor=people.convenor, round=round)
    with pytest.raises(PeerGroupError, match="cannot be discarded"):
        services.discard_round(actor=people.convenor, round=round)


def test_someone_who_left_before_publication_keeps_the_round_from_being_published(
    people, circle, form
):
    round = form(people.convenor, [circle])
    Membership.objects.filter(community=circle, user=people.member).update(left_at=timezone.now())
    with pytest.raises(PeerGroupError, match="Maya Member no longer belongs to the round's"):
        services.publish_round(actor=people.convenor, round=round)
    assert Round.objects.get().status == Round.Status.READY
    assert not PeerGroup.objects.of_member(people.member).exists()


def test_an_unexpected_failure_fails_the_round_instead_of_leaving_it_forming(
    people, circle, monkeypatch
):
    round = services.start_round(
        actor=people.convenor, title="T", kind="triad", communities=[circle]
    )

    def broken(*args, **kwargs):
        raise MemoryError("no room")

    monkeypatch.setattr(services, "solve", broken)
    services.form_round(str(round.pk))
    round.refresh_from_db()
    assert round.status == Round.Status.FAILED
    assert round.failure.startswith("Something went wrong while forming the groups.")


def test_a_round_discarded_while_forming_is_left_alone_by_the_task(people, circle):
    round = services.start_round(
        actor=people.convenor, title="T", kind="triad", communities=[circle]
    )
    services.discard_round(actor=people.convenor, round=round)
    services.form_round(str(round.pk))
    assert not Round.objects.exists() and not GroupMember.objects.exists()


@pytest.mark.parametrize("title", ["", "   "])
def test_a_round_needs_a_title(people, circle, title):
    with pytest.raises(PeerGroupError, match=r"Give the round a title\."):
        services.start_round(actor=people.convenor, title=title, kind="triad", communities=[circle])
    assert not Round.objects.exists()


def test_sizes_left_out_take_the_usual_ones_for_the_kind(people, circle):
    sets = services.start_round(
        actor=people.convenor, title="Sets", kind="learning_set", communities=[circle]
    )
    assert (sets.min_size, sets.max_size) == (4, 6)
