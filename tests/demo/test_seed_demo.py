from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Model

from convene.agenda.models import Issue
from convene.communities.models import (
    CharterVersion,
    Community,
    Invitation,
    JoinRequest,
    Membership,
)
from convene.discussions.models import Comment, Follow, Post, Reaction, Revision, Tag
from convene.learning.models import PROGRAMME_COMMUNITY_SLUG
from convene.peergroups.models import Round
from convene.people.models import Expertise, Function, OrgUnit, Site, User
from convene.resources.models import (
    Allocation,
    AllocationRound,
    Envelope,
    ExpertOffer,
    LedgerEntry,
    Period,
    ResourceRequest,
)
from convene.ripples.models import RippleMap
from convene.stories.models import Story
from convene.surveys.models import Schedule, Survey
from convene.values.models import Value, ValueStory

PASSWORD = "a-demo-password"
PERSONAS = {
    "admin@northgate.example": "Priya Raman",
    "member@northgate.example": "Sam Okafor",
    "convenor@northgate.example": "Grace Whitfield",
    "sponsor@northgate.example": "David Mensah",
    "executive@northgate.example": "Harriet Lloyd",
}


def seed(*options: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--password", PASSWORD, *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db) -> None:
    seed()


def persona(key: str) -> User:
    return User.objects.get(email=f"{key}@northgate.example")


def test_demo_has_150_people_at_every_level(demo):
    levels = {level: User.objects.filter(level=level).count() for level in User.Level.values}
    assert User.objects.count() == 150
    assert levels == {"front_line": 60, "middle": 50, "senior": 30, "executive": 10}


def test_demo_has_six_functions_of_two_to_four_units_and_five_sites(demo):
    assert Function.objects.count() == 6
    assert Site.objects.count() == 5
    for function in Function.objects.all():
        assert 2 <= function.units.count() <= 4


def test_every_person_has_a_complete_profile(demo):
    for person in User.objects.prefetch_related("expertise"):
        assert person.email == person.email.lower()
        assert person.email.endswith("@northgate.example")
        assert person.handle and person.job_title and person.org_unit_id and person.site_id
        assert person.bio_html.startswith("<p>") and person.perspectives_html.startswith("<p>")
        assert 1 <= len(person.expertise.all()) <= 4


def test_handles_are_unique_slugs_of_names(demo):
    handles = list(User.objects.values_list("handle", flat=True))
    assert len(set(handles)) == 150
    assert User.objects.get(email="admin@northgate.example").handle == "priya-raman"


def test_everyone_but_the_chief_executive_reports_to_someone_one_level_up(demo):
    above = {"executive": "executive", "senior": "executive", "middle": "senior"}
    above["front_line"] = "middle"
    people = {person.pk: person for person in User.objects.all()}
    without_manager = [person for person in people.values() if person.line_manager_id is None]
    assert [person.job_title for person in without_manager] == ["Chief Executive"]
    for person in people.values():
        if person.line_manager_id:
            assert people[person.line_manager_id].level == above[person.level]


def test_line_management_has_no_cycles(demo):
    managers = dict(User.objects.values_list("pk", "line_manager_id"))
    for pk in managers:
        seen = set()
        while pk is not None:
            assert pk not in seen
            seen.add(pk)
            pk = managers[pk]


def test_executives_are_flagged_and_administrators_can_use_the_admin_site(demo):
    executives = User.objects.filter(level=User.Level.EXECUTIVE)
    assert executives.count() == User.objects.filter(is_executive=True).count() > 0
    assert all(person.is_executive for person in executives)
    admins = User.objects.filter(is_administrator=True)
    assert 1 <= admins.count() <= 2
    assert all(person.is_staff and person.is_superuser for person in admins)


def test_every_community_has_one_convenor_and_an_executive_sponsor(demo):
    for community in Community.objects.all():
        assert community.memberships.current().convenors().count() == 1
        assert community.sponsor is not None and community.sponsor.is_executive
        assert 8 <= community.memberships.current().count() <= 25


def test_communities_are_open_and_private(demo):
    leadership = Community.objects.exclude(slug=PROGRAMME_COMMUNITY_SLUG)
    visibilities = list(leadership.values_list("visibility", flat=True))
    assert visibilities.count(Community.Visibility.OPEN) == 3
    assert visibilities.count(Community.Visibility.PRIVATE) == 2


@pytest.mark.parametrize(("email", "name"), PERSONAS.items())
def test_persona_signs_in_with_the_chosen_password(demo, email, name):
    person = authenticate(email=email, password=PASSWORD)
    assert person is not None
    assert person.full_name == name


def test_personas_hold_the_roles_the_instructions_describe(demo):
    member, convenor = persona("member"), persona("convenor")
    assert persona("admin").is_administrator
    # Besides the open community of the introductory programme, which learners join.
    member_of = member.memberships.current().exclude(community__slug=PROGRAMME_COMMUNITY_SLUG)
    assert member_of.count() == 2
    assert not member.memberships.current().leaders().exists()
    convenes = convenor.memberships.current().exclude(community__slug=PROGRAMME_COMMUNITY_SLUG)
    assert list(convenes.values_list("role", flat=True)) == ["convenor"]
    assert persona("sponsor").sponsored_communities.count() == 2
    assert persona("executive").is_executive
    assert not persona("executive").sponsored_communities.exists()


def test_demo_has_history(demo):
    former = Membership.objects.filter(left_at__isnull=False)
    assert 3 <= former.count() <= 5
    assert all(membership.end_reason == "left" for membership in former)
    request = JoinRequest.objects.get()
    assert request.status == "pending" and request.community.is_private
    invitation = Invitation.objects.get()
    assert invitation.invitee == persona("member") and invitation.community.is_private
    assert invitation.community.memberships.current().convenors().get().user == (
        invitation.invited_by
    )


def test_instructions_name_the_address_personas_and_password(db, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    output = seed()
    assert "http://127.0.0.1:8123" in output
    assert f'"{PASSWORD}"' in output
    assert all(email in output and name in output for email, name in PERSONAS.items())


def test_if_empty_leaves_an_existing_demo_alone_and_still_prints_instructions(demo):
    output = seed("--if-empty")
    assert User.objects.count() == 150
    assert Community.objects.exclude(slug=PROGRAMME_COMMUNITY_SLUG).count() == 5
    assert "admin@northgate.example" in output


def test_seeding_a_database_with_people_is_refused(demo):
    with pytest.raises(CommandError, match="already has people"):
        seed()
    assert User.objects.count() == 150


def person_facts(person: User) -> tuple[Any, ...]:
    assert person.org_unit is not None and person.site is not None
    manager = person.line_manager.handle if person.line_manager else ""
    expertise = sorted(person.expertise.values_list("slug", flat=True))
    place = (person.org_unit.name, person.site.name, person.started_on, manager)
    return (person.handle, person.email, person.job_title, *place, person.bio, expertise)


def community_facts(community: Community) -> tuple[Any, ...]:
    memberships = community.memberships.order_by("user__handle", "joined_at")
    rows = list(memberships.values_list("user__handle", "role", "joined_at", "left_at"))
    assert community.sponsor is not None
    return (community.slug, community.visibility, community.sponsor.handle, rows)


def fingerprint() -> dict[str, list[Any]]:
    people = User.objects.order_by("handle").select_related("line_manager", "org_unit", "site")
    return {
        "people": [person_facts(person) for person in people],
        "communities": [community_facts(c) for c in Community.objects.order_by("slug")],
        "request": list(JoinRequest.objects.values_list("user__handle", "community__slug")),
        "charters": [charter_facts(version) for version in CharterVersion.objects.all()],
    }


def charter_facts(version: CharterVersion) -> tuple[Any, ...]:
    """Who wrote, commented on and endorsed each version, and when."""
    return (
        version.community.slug,
        version.number,
        version.status,
        version.author.handle,
        version.created_at,
        [(c.author.handle, c.created_at) for c in version.comments.all()],
        [(e.user.handle, e.created_at) for e in version.endorsements.all()],
    )


def wipe() -> None:
    Comment.objects.filter(parent__isnull=False).delete()
    # Issues first: they outlive communities, and take their contributions with them.
    models: list[type[Model]] = [ValueStory, Story, RippleMap, Survey, Schedule, Value]
    models += [LedgerEntry, Allocation, AllocationRound, ResourceRequest]
    models += [ExpertOffer, Envelope, Period]
    models += [Issue, Round, Reaction, Follow, Revision, Comment, Post, Tag]
    models += [CharterVersion, Invitation, JoinRequest, Membership, Community]
    models += [User, OrgUnit, Function]
    for model in models:
        model._default_manager.all().delete()
    Site.objects.all().delete()
    Expertise.objects.all().delete()


def test_two_runs_on_empty_databases_build_the_same_demo(db):
    seed()
    first = fingerprint()
    wipe()
    seed()
    assert fingerprint() == first
