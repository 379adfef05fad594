"""The agenda over the API: the same rules, JSON errors with a detail, and the same 404s."""

from __future__ import annotations

from convene.agenda.models import Contribution, Response, Support
from tests.agenda.conftest import make_issue, submitted

JSON = "application/json"


def test_a_full_cycle_over_the_api(people, api_as):
    executive, convenor, member = (
        api_as(people.executive),
        api_as(people.convenor),
        api_as(people.member),
    )
    raised = executive.post(
        "/api/v1/agenda/issues",
        {
            "title": "Hybrid meetings",
            "description": "Half the room is on screen.",
            "timing": "emerging",
            "tags": ["meetings"],
        },
        content_type=JSON,
    )
    assert raised.status_code == 201, raised.json()
    issue = raised.json()["id"]
    assert member.post(f"/api/v1/agenda/issues/{issue}/support").json()["support_count"] == 1
    twice = member.post(f"/api/v1/agenda/issues/{issue}/support")
    assert twice.status_code == 400 and twice.json()["detail"] == "You already support this issue."
    assert Support.objects.count() == 1
    taken = convenor.post(
        f"/api/v1/agenda/issues/{issue}/uptakes",
        {"community": people.private_community.slug},
        content_type=JSON,
    )
    assert taken.status_code == 201, taken.json()
    started = convenor.post(
        f"/api/v1/agenda/issues/{issue}/contributions",
        {"title": "Quiet Room on hybrid meetings", "community": people.private_community.slug},
        content_type=JSON,
    )
    assert started.status_code == 201, started.json()
    base = f"/api/v1/agenda/contributions/{started.json()['id']}"
    empty = convenor.post(
        f"{base}/submit", {"addressed_to": people.executive.handle}, content_type=JSON
    )
    assert empty.status_code == 400 and "empty" in empty.json()["detail"]
    version = member.post(
        f"{base}/versions",
        {"analysis": "Cameras off.", "recommendation": "One screen each."},
        content_type=JSON,
    )
    assert version.status_code == 201 and version.json()["number"] == 1
    sent = convenor.post(
        f"{base}/submit", {"addressed_to": people.executive.handle}, content_type=JSON
    )
    assert sent.json()["status"] == "submitted" and sent.json()["target_on"]
    again = convenor.post(
        f"{base}/submit", {"addressed_to": people.executive.handle}, content_type=JSON
    )
    assert again.status_code == 400 and "already been submitted" in again.json()["detail"]
    assert [c["title"] for c in executive.get("/api/v1/agenda/queue").json()] == [
        "Quiet Room on hybrid meetings"
    ]
    not_mine = api_as(people.sponsor).post(
        f"{base}/responses", {"outcome": "accepted"}, content_type=JSON
    )
    assert not_mine.status_code == 404  # a private community's, not addressed to the sponsor
    no_reasons = executive.post(f"{base}/responses", {"outcome": "declined"}, content_type=JSON)
    assert no_reasons.status_code == 400 and "reasons" in no_reasons.json()["detail"]
    answered = executive.post(
        f"{base}/responses",
        {
            "outcome": "accepted_in_part",
            "body": "Yes to screens.",
            "actions": [
                {"text": "Order screens", "owner": people.convenor.handle, "due_on": "2030-01-31"}
            ],
        },
        content_type=JSON,
    )
    assert answered.status_code == 201, answered.json()
    assert answered.json()["working_days"] == 0 and answered.json()["within_target"] is True
    action = answered.json()["actions"][0]["id"]
    assert convenor.post(f"/api/v1/agenda/actions/{action}/done").json()["done_at"]
    detail = member.get(base).json()
    assert detail["status"] == "answered" and detail["thread_url"]
    assert executive.get(base).json()["thread_url"] is None  # cannot read the private community
    assert len(member.get(f"{base}/responses").json()) == 1
    assert member.get("/api/v1/agenda/measures").json()["responses"] == 1


def test_outsiders_get_404_for_a_private_communitys_contribution(people, api_as):
    contribution = submitted(
        make_issue(people.executive), people.private_community, people.convenor, people.executive
    )
    base = f"/api/v1/agenda/contributions/{contribution.pk}"
    outsider = api_as(people.outsider)
    for path in ("", "/versions", "/responses"):
        assert outsider.get(base + path).status_code == 404
    assert (
        outsider.post(f"{base}/responses", {"outcome": "accepted"}, content_type=JSON).status_code
        == 404
    )
    assert not Response.objects.exists()
    listed = outsider.get(f"/api/v1/agenda/issues/{contribution.issue_id}/contributions").json()
    assert listed == []
    assert Contribution.objects.get().status == "submitted"
