"""The agenda's pages: the journey through them, and who may see what."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from convene.agenda import services
from convene.agenda.models import Contribution, Issue, Response
from convene.discussions import services as discussions
from tests.agenda.conftest import draft, make_issue, submitted
from tests.conftest import client_for


def test_a_member_raises_an_issue_from_a_post_and_each_page_links_the_other(people, as_member):
    post = discussions.create_post(
        actor=people.member, community=people.private_community, title="Night shift", body="Hmm."
    )
    page = as_member.get(post.get_absolute_url())
    assert "Raise as an organisational issue" in page.content.decode()
    form = as_member.get(reverse("agenda:issue_create") + f"?post={post.pk}")
    assert 'value="Night shift"' in form.content.decode()
    response = as_member.post(
        reverse("agenda:issue_create"),
        {
            "post": post.pk,
            "title": "Night shift",
            "description": "Raised.",
            "timing": "emerging",
            "nature": "adaptive",
            "tags": "shifts",
        },
    )
    issue = Issue.objects.get()
    assert response.status_code == 302 and issue.source_post == post
    assert (
        "was raised as an organisational issue"
        in as_member.get(post.get_absolute_url()).content.decode()
    )
    assert post.get_absolute_url() in as_member.get(issue.get_absolute_url()).content.decode()
    outsider_view = client_for(people.outsider).get(issue.get_absolute_url())
    assert outsider_view.status_code == 200  # issues are the organisation's
    assert post.get_absolute_url() not in outsider_view.content.decode()


def test_an_outsider_cannot_escalate_a_private_post(people, as_outsider):
    post = discussions.create_post(
        actor=people.member, community=people.private_community, title="Quiet", body="Hmm."
    )
    assert as_outsider.get(reverse("agenda:issue_create") + f"?post={post.pk}").status_code == 404


def test_supporting_twice_by_the_page_shows_an_error_and_keeps_one(people, as_member):
    issue = make_issue(people.executive)
    url = reverse("agenda:issue_support", args=[issue.pk])
    as_member.post(url)
    second = as_member.post(url, follow=True)
    assert "You already support this issue." in second.content.decode()
    assert issue.supports.count() == 1


def test_a_private_communitys_contribution_is_hidden_from_everyone_but_members_and_addressee(
    people,
):
    issue = make_issue(people.executive)
    contribution = submitted(issue, people.private_community, people.convenor, people.executive)
    services.respond(actor=people.executive, contribution=contribution, outcome="accepted")
    action_less = [
        contribution.get_absolute_url(),
        reverse("agenda:version_compare", args=[contribution.pk]) + "?from=1&to=1",
    ]
    for url in action_less:
        assert client_for(people.outsider).get(url).status_code == 404
        assert client_for(people.sponsor).get(url).status_code == 404  # sponsor, not addressed
        assert client_for(people.admin).get(url).status_code == 404
        assert client_for(people.member).get(url).status_code == 200
        assert client_for(people.executive).get(url).status_code == 200
    issue_page = client_for(people.outsider).get(issue.get_absolute_url()).content.decode()
    assert contribution.title not in issue_page
    assert (
        contribution.title
        in client_for(people.member).get(issue.get_absolute_url()).content.decode()
    )


def test_an_executive_sees_only_private_contributions_addressed_to_them(people):
    issue = make_issue(people.executive)
    to_sponsor = submitted(issue, people.private_community, people.convenor, people.sponsor)
    executive = client_for(people.executive)
    assert executive.get(to_sponsor.get_absolute_url()).status_code == 404
    assert to_sponsor.title not in executive.get(reverse("agenda:queue")).content.decode()
    assert (
        to_sponsor.title in client_for(people.sponsor).get(reverse("agenda:queue")).content.decode()
    )


def test_the_convenor_drafts_and_submits_and_the_executive_responds_by_the_pages(people):
    issue = make_issue(people.executive, timing="emerging")
    convenor = client_for(people.convenor)
    convenor.post(
        reverse("agenda:issue_take_up", args=[issue.pk]),
        {"community": people.open_community.slug},
    )
    created = convenor.post(
        reverse("agenda:contribution_create", args=[issue.pk]),
        {
            "title": "Our answer",
            "community": people.open_community.slug,
            "analysis": "Why.",
            "recommendation": "Do it.",
        },
    )
    contribution = Contribution.objects.get()
    assert created.status_code == 302
    empty = convenor.post(
        reverse("agenda:version_create", args=[contribution.pk]),
        {"analysis": "", "options": "", "recommendation": ""},
    )
    assert empty.status_code == 400 and contribution.versions.count() == 1
    convenor.post(
        reverse("agenda:version_create", args=[contribution.pk]),
        {"analysis": "Why, sharper.", "options": "", "recommendation": "Do it."},
    )
    compare = convenor.get(
        reverse("agenda:version_compare", args=[contribution.pk]) + "?from=1&to=2"
    )
    assert "<ins>" in compare.content.decode()
    convenor.post(
        reverse("agenda:contribution_submit", args=[contribution.pk]),
        {"addressed_to": people.executive.handle},
    )
    contribution.refresh_from_db()
    assert contribution.status == "submitted"
    again = convenor.post(
        reverse("agenda:contribution_submit", args=[contribution.pk]),
        {"addressed_to": people.executive.handle},
    )
    assert again.status_code == 400 and "already been submitted" in again.content.decode()
    wrong = client_for(people.sponsor).post(
        reverse("agenda:contribution_respond", args=[contribution.pk]),
        {"outcome": "accepted"},
    )
    assert wrong.status_code == 400 and "not addressed to you" in wrong.content.decode()
    declined = client_for(people.executive).post(
        reverse("agenda:contribution_respond", args=[contribution.pk]),
        {"outcome": "declined", "body": ""},
    )
    assert declined.status_code == 400 and not Response.objects.exists()
    client_for(people.executive).post(
        reverse("agenda:contribution_respond", args=[contribution.pk]),
        {
            "outcome": "accepted",
            "body": "Thank you.",
            "actions": f"Brief the team | {people.convenor.handle} | 2030-01-31",
        },
    )
    response = Response.objects.get()
    assert response.actions.get().owner == people.convenor
    assert response.post is not None
    thread = client_for(people.member).get(response.post.get_absolute_url()).content.decode()
    assert "working day" in thread and "Thank you." in thread
    community_page = client_for(people.member).get(people.open_community.get_absolute_url())
    assert "Our answer" in community_page.content.decode()


def test_the_measures_page_shows_figures(people):
    contribution = draft(make_issue(people.executive), people.open_community, people.convenor)
    services.submit_contribution(
        actor=people.convenor, contribution=contribution, addressed_to=people.executive
    )
    services.respond(actor=people.executive, contribution=contribution, outcome="accepted")
    for person in (people.executive, people.member, people.outsider):
        page = client_for(person).get(reverse("agenda:measures"))
        assert page.status_code == 200
    assert (
        'data-measure="responses">1<'
        in client_for(people.executive).get(reverse("agenda:measures")).content.decode()
    )
    assert (
        'data-measure="responses">0<'
        in client_for(people.outsider).get(reverse("agenda:measures")).content.decode()
    )


def test_outsiders_get_404_from_every_form_on_a_private_contribution_and_nothing_changes(
    people, api_as
):
    contribution = draft(make_issue(people.executive), people.private_community, people.convenor)
    posts = {
        "version_create": {"analysis": "Changed by an outsider."},
        "contribution_submit": {"addressed_to": people.executive.handle},
        "contribution_project": {"project": ""},
    }
    outsider = client_for(people.outsider)
    for name, data in posts.items():
        url = reverse(f"agenda:{name}", args=[contribution.pk])
        assert outsider.post(url, data).status_code == 404, name
    assert contribution.versions.count() == 1
    services.submit_contribution(
        actor=people.convenor, contribution=contribution, addressed_to=people.executive
    )
    respond = reverse("agenda:contribution_respond", args=[contribution.pk])
    assert outsider.post(respond, {"outcome": "accepted"}).status_code == 404
    response = services.respond(
        actor=people.executive,
        contribution=contribution,
        outcome="accepted",
        actions=[services.ActionPlan("Report back", people.convenor, timezone.localdate())],
    )
    action = response.actions.get()
    assert outsider.post(reverse("agenda:action_complete", args=[action.pk])).status_code == 404
    done = api_as(people.outsider).post(f"/api/v1/agenda/actions/{action.pk}/done")
    assert done.status_code == 404
    action.refresh_from_db()
    assert action.done_at is None


def test_over_the_api_too_an_executive_sees_only_private_contributions_addressed_to_them(
    people, api_as
):
    issue = make_issue(people.executive)
    to_sponsor = submitted(issue, people.private_community, people.convenor, people.sponsor)
    executive = api_as(people.executive)
    assert executive.get(f"/api/v1/agenda/contributions/{to_sponsor.pk}").status_code == 404
    assert executive.get("/api/v1/agenda/queue").json() == []
    assert executive.get(f"/api/v1/agenda/issues/{issue.pk}/contributions").json() == []
    sponsor = api_as(people.sponsor)
    assert [row["id"] for row in sponsor.get("/api/v1/agenda/queue").json()] == [str(to_sponsor.pk)]
