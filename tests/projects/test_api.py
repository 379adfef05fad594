"""Projects over the API: the same rules as the pages, JSON errors with a detail."""

from __future__ import annotations

import datetime

from django.utils import timezone

from convene.communities.models import Membership
from convene.discussions.models import Post
from convene.projects.models import Project
from tests.factories import make_community, make_person, make_unit

JSON = "application/json"
PROPOSAL = {
    "title": "Shared hand-over notes",
    "problem": "Work falls between shifts.",
    "intended_outcomes": "Every shift knows what the last one left.",
}


def test_a_project_from_draft_to_close_out_over_the_api(people, api_as):
    member, sponsor = api_as(people.member), api_as(people.sponsor)
    helper = make_person("Hal Helper")
    Membership.objects.create(community=people.open_community, user=helper)
    created = member.post(
        "/api/v1/projects", {**PROPOSAL, "community": "open-circle"}, content_type=JSON
    )
    assert created.status_code == 201, created.json()
    base = f"/api/v1/projects/{created.json()['id']}"
    assert created.json()["leads"][0]["handle"] == people.member.handle
    role = member.post(f"{base}/roles", {"name": "Note-taker"}, content_type=JSON)
    assert role.status_code == 201 and role.json()["is_open"]
    taken = api_as(helper).post(f"{base}/roles/{role.json()['id']}/volunteer")
    assert taken.status_code == 200 and taken.json()["person"]["handle"] == helper.handle
    again = api_as(people.convenor).post(f"{base}/roles/{role.json()['id']}/volunteer")
    assert again.status_code == 400
    assert member.post(f"{base}/propose").json()["status"] == "proposed"
    refused = sponsor.post(f"{base}/decline", {"reason": ""}, content_type=JSON)
    assert refused.status_code == 400 and refused.json()["detail"] == "Give a reason."
    assert (
        sponsor.post(f"{base}/approve", {"reason": "Yes."}, content_type=JSON).json()["status"]
        == "approved"
    )
    assert member.post(f"{base}/start").json()["status"] == "active"
    update = api_as(helper).post(f"{base}/updates", {"body": "We met."}, content_type=JSON)
    assert update.status_code == 201 and update.json()["body_html"] == "<p>We met.</p>\n"
    assert len(member.get(f"{base}/updates").json()) == 1
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    milestone = member.post(
        f"{base}/milestones", {"title": "Trial", "due_on": due}, content_type=JSON
    )
    assert milestone.status_code == 201
    done = member.put(
        f"{base}/milestones/{milestone.json()['id']}", {"done": True}, content_type=JSON
    )
    assert done.json()["done_at"]
    review = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    closing = member.post(
        f"{base}/close-out",
        {"expected_outcomes": "A", "actual_outcomes": "B", "lessons": "C", "review_on": review},
        content_type=JSON,
    )
    assert closing.status_code == 201, closing.json()
    assert member.get(base).json()["status"] == "completed"
    assert member.get(f"{base}/close-out").json()["lessons"] == "C"
    ended = member.post(f"{base}/roles", {"name": "Late"}, content_type=JSON)
    assert ended.json()["detail"] == "This project is completed, so it can no longer change."


def test_bad_input_gets_a_clear_error_and_saves_nothing(people, api_as):
    member = api_as(people.member)
    empty = member.post(
        "/api/v1/projects",
        {**PROPOSAL, "title": "  ", "community": "open-circle"},
        content_type=JSON,
    )
    assert empty.status_code == 400 and empty.json()["detail"] == "Give the title."
    other = make_community("Elsewhere", members=[people.member])
    post = Post.objects.create(community=other, author=people.member, title="Elsewhere", body="x")
    linked = member.post(
        "/api/v1/projects",
        {**PROPOSAL, "community": "open-circle", "discussion": post.pk},
        content_type=JSON,
    )
    assert linked.status_code == 400
    assert linked.json()["detail"] == "Link a conversation from Open Circle, not another community."
    wrong = member.post(
        "/api/v1/projects",
        {**PROPOSAL, "community": "open-circle", "challenge": "easy"},
        content_type=JSON,
    )
    assert wrong.status_code == 422
    assert member.get("/api/v1/projects?status=nonsense").status_code == 400
    assert not Project.objects.exists()


def test_the_list_filters_by_status_community_and_my_projects(people, api_as):
    member = api_as(people.member)
    for community in ("open-circle", "quiet-room"):
        member.post("/api/v1/projects", {**PROPOSAL, "community": community}, content_type=JSON)
    assert member.get("/api/v1/projects").json()["count"] == 2
    assert member.get("/api/v1/projects?community=quiet-room").json()["count"] == 1
    assert member.get("/api/v1/projects?mine=true").json()["count"] == 2
    assert api_as(people.convenor).get("/api/v1/projects?mine=true").json()["count"] == 0
    assert member.get("/api/v1/projects?status=active").json()["count"] == 0


def test_the_register_over_the_api(people, api_as):
    member, executive = api_as(people.member), api_as(people.executive)
    created = member.post(
        "/api/v1/projects", {**PROPOSAL, "community": "quiet-room"}, content_type=JSON
    ).json()
    base = f"/api/v1/projects/{created['id']}"
    member.post(f"{base}/propose")
    api_as(people.sponsor).post(f"{base}/approve", {}, content_type=JSON)
    early = member.post(
        f"{base}/innovations", {"title": "Note", "summary": "A note."}, content_type=JSON
    )
    assert early.status_code == 400
    member.post(f"{base}/start")
    added = member.post(
        f"{base}/innovations",
        {"title": "Two-line note", "summary": "A shorter note."},
        content_type=JSON,
    )
    assert added.status_code == 201 and added.json()["project"] == created["id"]
    url = f"/api/v1/innovations/{added.json()['id']}"
    seen = executive.get(url).json()
    assert (
        seen["title"] == "Two-line note" and seen["project"] is None and seen["community"] is None
    )
    unit = make_unit("Night shift")
    no_unit = executive.put(f"{url}/status", {"status": "adopted"}, content_type=JSON)
    assert no_unit.json()["detail"] == "Name the unit that adopted it."
    adopted = executive.put(
        f"{url}/status", {"status": "adopted", "unit": unit.pk}, content_type=JSON
    )
    assert adopted.json()["status"] == "adopted" and adopted.json()["unit"] == "Night shift"
    refused = member.put(f"{url}/status", {"status": "idea"}, content_type=JSON)
    assert refused.json()["detail"] == "Only executives and administrators record adoption."
    assert [c["status"] for c in executive.get(f"{url}/history").json()] == ["adopted", "idea"]
    assert executive.get("/api/v1/innovations?status=adopted").json()["count"] == 1
