"""The project pages: lists, the proposal, the team, progress and the close-out, end to end."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from convene.discussions.models import Post
from convene.projects.models import Milestone, Project, ProjectUpdate
from tests.conftest import client_for
from tests.factories import make_community, make_person
from tests.projects.conftest import active, draft, open_role, proposed


def _post(community, author, title="Shift hand-overs"):
    return Post.objects.create(community=community, author=author, title=title, body="Thoughts?")


def test_a_member_drafts_proposes_and_sees_the_project_on_the_community_page(people, as_member):
    community = people.open_community
    page = as_member.get(reverse("projects:project_create", args=[community.slug]))
    assert page.status_code == 200 and "Start a project in Open Circle" in page.content.decode()
    created = as_member.post(
        reverse("projects:project_create", args=[community.slug]),
        {
            "title": "Shared hand-over notes",
            "problem": "Work falls **between** shifts.",
            "intended_outcomes": "Every shift knows what the last one left.",
            "challenge": "adaptive",
        },
    )
    project = Project.objects.get()
    assert created.status_code == 302 and created["Location"] == project.get_absolute_url()
    detail = as_member.get(project.get_absolute_url()).content.decode()
    assert "<strong>between</strong>" in detail and "Propose it" in detail
    proposed_page = as_member.post(
        reverse("projects:project_step", args=[project.pk, "propose"]), follow=True
    )
    assert "Proposed. The convenors and sponsor are told." in proposed_page.content.decode()
    community_page = as_member.get(community.get_absolute_url()).content.decode()
    assert "Shared hand-over notes" in community_page and "Start a project" in community_page


def test_an_empty_title_is_a_form_error_and_saves_nothing(people, as_member):
    response = as_member.post(
        reverse("projects:project_create", args=[people.open_community.slug]),
        {
            "title": "  ",
            "problem": "Something.",
            "intended_outcomes": "Better.",
            "challenge": "adaptive",
        },
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Project.objects.exists()


def test_a_conversation_from_another_community_is_refused(people, as_member):
    other = make_community("Elsewhere", members=[people.member])
    post = _post(other, people.member)
    response = as_member.post(
        reverse("projects:project_create", args=[people.open_community.slug]),
        {
            "title": "Hand-overs",
            "problem": "Something.",
            "intended_outcomes": "Better.",
            "challenge": "adaptive",
            "discussion": post.pk,
        },
    )
    assert response.status_code == 400
    assert "Choose a conversation from this community." in response.content.decode()
    assert not Project.objects.exists()


def test_a_project_can_start_from_a_conversation_and_links_back_to_it(people, as_member):
    post = _post(people.open_community, people.member)
    url = reverse("projects:project_create", args=[people.open_community.slug])
    page = as_member.get(f"{url}?post={post.pk}").content.decode()
    assert 'value="Shift hand-overs"' in page
    as_member.post(
        url,
        {
            "title": "Hand-overs",
            "problem": "Something.",
            "intended_outcomes": "Better.",
            "challenge": "technical",
            "discussion": post.pk,
        },
    )
    project = Project.objects.get()
    assert project.discussion == post and project.challenge == "technical"
    assert (
        "Discussed in the conversation"
        in as_member.get(project.get_absolute_url()).content.decode()
    )


def test_the_lead_edits_a_draft_but_not_an_approved_proposal(people, as_member):
    project = draft(people.open_community, people.member)
    fields = {
        "title": "Better notes",
        "problem": "P.",
        "intended_outcomes": "O.",
        "challenge": "adaptive",
    }
    edited = as_member.post(reverse("projects:project_edit", args=[project.pk]), fields)
    assert edited.status_code == 302
    project.refresh_from_db()
    assert project.title == "Better notes"
    as_member.post(reverse("projects:project_step", args=[project.pk, "propose"]))
    client_for(people.sponsor).post(reverse("projects:project_step", args=[project.pk, "approve"]))
    refused = as_member.post(
        reverse("projects:project_edit", args=[project.pk]), {**fields, "title": "Later"}
    )
    assert refused.status_code == 400
    assert "This project is approved, so its proposal is settled." in refused.content.decode()


def test_the_sponsor_declines_with_a_reason_from_the_page(people):
    project = proposed(people.open_community, people.member)
    sponsor = client_for(people.sponsor)
    page = sponsor.get(project.get_absolute_url()).content.decode()
    assert "Decide on this proposal" in page
    empty = sponsor.post(
        reverse("projects:project_step", args=[project.pk, "decline"]), {"reason": ""}, follow=True
    )
    assert "Give a reason." in empty.content.decode()
    project.refresh_from_db()
    assert project.status == "proposed"


def test_an_unknown_step_is_not_found(people, as_member):
    project = draft(people.open_community, people.member)
    response = as_member.post(reverse("projects:project_step", args=[project.pk, "explode"]))
    assert response.status_code == 404


def test_the_team_updates_and_milestones_pages_work_for_the_team(people, as_member):
    project = active(people.open_community, people.member, people.convenor)
    open_role(project, people.member)
    team = as_member.get(reverse("projects:team", args=[project.pk]))
    assert team.status_code == 200 and "Note-taker" in team.content.decode()
    added = as_member.post(reverse("projects:team", args=[project.pk]), {"name": "Analyst"})
    assert added.status_code == 302 and project.roles.filter(name="Analyst").exists()
    posted = as_member.post(
        reverse("projects:updates", args=[project.pk]), {"body": "We met *twice*."}
    )
    assert posted.status_code == 302 and ProjectUpdate.objects.get().body_html
    assert (
        "<em>twice</em>"
        in as_member.get(reverse("projects:updates", args=[project.pk])).content.decode()
    )
    due = timezone.localdate() + datetime.timedelta(days=30)
    set_one = as_member.post(
        reverse("projects:milestones", args=[project.pk]), {"title": "First trial", "due_on": due}
    )
    assert set_one.status_code == 302
    milestone = Milestone.objects.get()
    as_member.post(reverse("projects:milestone_mark", args=[project.pk, milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.is_done
    bad = as_member.post(
        reverse("projects:milestones", args=[project.pk]), {"title": "", "due_on": "soon"}
    )
    assert bad.status_code == 400


def test_someone_outside_the_team_cannot_post_updates(people):
    project = active(people.open_community, people.member, people.convenor)
    response = client_for(people.convenor).post(
        reverse("projects:updates", args=[project.pk]), {"body": "Hello."}
    )
    assert response.status_code == 400
    assert "Only the project&#x27;s team can do that." in response.content.decode()
    assert not ProjectUpdate.objects.exists()


def test_the_project_lists_show_projects_with_filters(people, as_member):
    draft(people.open_community, people.member, title="Alpha notes")
    proposed(people.private_community, people.member, title="Bravo rota")
    other = make_person("Other Lead")
    people.open_community.memberships.create(user=other)
    draft(people.open_community, other, title="Charlie map")
    mine = as_member.get(reverse("projects:project_list") + "?scope=mine").content.decode()
    assert "Alpha notes" in mine and "Bravo rota" in mine and "Charlie map" not in mine
    proposals = as_member.get(
        reverse("projects:project_list") + "?status=proposed"
    ).content.decode()
    assert "Bravo rota" in proposals and "Alpha notes" not in proposals
    community = as_member.get(
        reverse("projects:community_projects", args=[people.open_community.slug])
    ).content.decode()
    assert (
        "Alpha notes" in community and "Charlie map" in community and "Bravo rota" not in community
    )
    assert as_member.get(reverse("projects:project_list") + "?status=nonsense").status_code == 200


def test_forms_for_leads_send_others_back_to_the_project_saying_why(people):
    project = active(people.open_community, people.member, people.convenor)
    helper = make_person("Hana Helper")
    people.open_community.memberships.create(user=helper)
    client = client_for(helper)
    for name, message in (
        ("projects:project_edit", "Only the leads edit a proposal"),
        ("projects:close_out", "Only the leads of an active project complete it"),
        ("projects:innovation_create", "The project&#x27;s team or the community&#x27;s convenors"),
    ):
        response = client.get(reverse(name, args=[project.pk]), follow=True)
        assert response.redirect_chain[-1][0] == project.get_absolute_url()
        assert message in response.content.decode()
