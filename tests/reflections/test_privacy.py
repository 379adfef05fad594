"""A reflection is its author's alone; a shared copy carries no author anywhere."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from convene.audit.models import AuditEvent
from convene.notifications.models import Notification
from convene.people.models import User
from convene.reflections import services
from convene.reflections.models import Reflection, SharedReflection
from convene.reflections.services import remind_reflections
from tests.conftest import client_for
from tests.factories import make_community, make_person
from tests.reflections.builders import SECRET, make_reflection, share

OTHERS = ["fellow", "convenor", "sponsor", "admin", "outsider"]


def other(people, circle, who: str) -> User:
    return circle.fellow if who == "fellow" else getattr(people, who)


def pages(reflection: Reflection) -> list[str]:
    return [
        reverse("reflections:journal"),
        reverse("reflections:reflection_edit", args=[reflection.pk]),
        reverse("reflections:reflection_share", args=[reflection.pk]),
    ]


def test_the_author_sees_their_reflection(people, circle, as_member):
    reflection = make_reflection(people.member, community=circle.community)
    assert SECRET in as_member.get(reverse("reflections:journal")).text
    assert as_member.get(pages(reflection)[1]).status_code == 200
    assert list(Reflection.objects.visible_to(people.member)) == [reflection]


@pytest.mark.parametrize("who", OTHERS)
def test_no_one_else_sees_a_reflection_on_any_page(people, circle, who):
    reflection = make_reflection(people.member, community=circle.community)
    viewer = other(people, circle, who)
    client = client_for(viewer)
    journal, edit, share_page = pages(reflection)
    assert SECRET not in client.get(journal).text
    assert client.get(edit).status_code == 404
    assert client.get(share_page).status_code == 404
    posted = client.post(edit, {"body": "Overwritten"})
    assert posted.status_code == 404
    assert not Reflection.objects.visible_to(viewer).exists()
    reflection.refresh_from_db()
    assert reflection.body == SECRET


@pytest.mark.parametrize("who", OTHERS)
def test_no_one_else_reaches_a_reflection_through_the_api(people, circle, api_as, who):
    reflection = make_reflection(people.member, community=circle.community)
    client = api_as(other(people, circle, who))
    listed = client.get("/api/v1/me/reflections")
    assert listed.status_code == 200 and listed.json()["items"] == []
    path = f"/api/v1/me/reflections/{reflection.pk}"
    assert client.get(path).status_code == 404
    changed = client.patch(path, {"body": "Overwritten"}, content_type="application/json")
    assert changed.status_code == 404
    shared = client.post(
        f"{path}/share",
        {"community": circle.community.slug, "confirm": True},
        content_type="application/json",
    )
    assert shared.status_code == 404
    assert not SharedReflection.objects.exists()
    assert SECRET not in json.dumps([listed.json()])


def test_the_admin_site_does_not_offer_reflections(people):
    make_reflection(people.member)
    admin = client_for(make_person("Tess Technical", is_staff=True, is_superuser=True))
    assert admin.get("/admin/").status_code == 200
    assert "reflection" not in admin.get("/admin/").text.lower()
    assert admin.get("/admin/reflections/reflection/").status_code == 404
    assert admin.get("/admin/reflections/sharedreflection/").status_code == 404


def test_writing_editing_and_sharing_leave_no_audit_record(people, circle):
    reflection = make_reflection(people.member, community=circle.community)
    services.edit_reflection(actor=people.member, reflection=reflection, body=SECRET + " Still.")
    share(reflection, circle.community)
    # Who wrote, edited or shared on which day would tell administrators who keeps a journal.
    assert not AuditEvent.objects.filter(action__startswith="reflection.").exists()
    assert not AuditEvent.objects.filter(subject_type__startswith="reflections.").exists()
    assert not AuditEvent.objects.filter(actor=people.member).exists()


def test_reminders_go_to_the_member_alone_and_never_quote_answers(people, circle):
    make_reflection(people.member, community=None)
    remind_reflections()
    notices = Notification.objects.filter(kind=Notification.Kind.REFLECTION)
    assert notices.filter(recipient=people.member).exists()
    assert all("dread" not in notice.message for notice in notices)
    assert not notices.filter(recipient__in=[people.sponsor, people.admin]).exists()


def test_a_shared_copy_has_no_author_and_no_link_back():
    fields = {field.name for field in SharedReflection._meta.get_fields()}
    assert fields == {"id", "community", "prompt", "body", "body_html", "shared_on"}


@pytest.mark.parametrize("who", ["member", "fellow", "convenor"])
def test_the_shared_page_and_api_never_name_the_author(people, circle, api_as, who):
    author = people.member
    reflection = make_reflection(
        author, "Community means **turning up**.", community=circle.community
    )
    share(reflection, circle.community)
    viewer = author if who == "member" else other(people, circle, who)
    page = client_for(viewer).get(reverse("reflections:shared", args=[circle.community.slug]))
    assert page.status_code == 200
    assert "<strong>turning up</strong>" in page.text
    body = page.text.split('id="main"', 1)[1].split("</main>", 1)[0]
    payload = api_as(viewer).get(f"/api/v1/communities/{circle.community.slug}/shared-reflections")
    assert payload.status_code == 200
    (item,) = payload.json()["items"]
    assert set(item) == {"prompt", "body", "body_html", "shared_in"}
    for trace in (author.full_name, author.handle, author.email, str(reflection.pk)):
        assert trace not in body
        assert trace not in json.dumps(payload.json())


@pytest.mark.parametrize("who", ["sponsor", "admin", "outsider"])
def test_people_who_cannot_read_a_private_community_get_404_for_its_shared_answers(
    people, circle, api_as, who
):
    share(make_reflection(people.member, community=circle.community), circle.community)
    viewer = getattr(people, who)
    url = reverse("reflections:shared", args=[circle.community.slug])
    assert client_for(viewer).get(url).status_code == 404
    path = f"/api/v1/communities/{circle.community.slug}/shared-reflections"
    assert api_as(viewer).get(path).status_code == 404


def test_anyone_in_the_organisation_reads_an_open_communitys_shared_answers(people):
    members = [people.member, *[make_person(f"Open member {n}") for n in range(4)]]
    community = make_community("Open Practice", members=members)
    share(make_reflection(people.member, "Open words.", community=community), community)
    page = client_for(people.outsider).get(reverse("reflections:shared", args=[community.slug]))
    assert page.status_code == 200 and "Open words." in page.text
