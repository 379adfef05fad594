"""Profile pages and editing one's own profile."""

from __future__ import annotations

from convene.people.models import User
from tests.conftest import client_for


def test_profile_shows_details_and_rendered_markdown(people, as_member):
    people.convenor.bio = "I run **depots**. <script>alert(1)</script>"
    people.convenor.line_manager = people.sponsor
    people.convenor.save()
    page = as_member.get(people.convenor.get_absolute_url()).content.decode()
    assert "<strong>depots</strong>" in page
    assert "<script>alert" not in page
    assert "Sofia Sponsor" in page


def test_unknown_person_is_404(people, as_member):
    assert as_member.get("/people/no-such-person/").status_code == 404


def test_people_edit_their_own_profile(people, as_member):
    response = as_member.post(
        "/people/me/edit/",
        {
            "full_name": "Maya Member",
            "job_title": "Head of Depots",
            "bio": "Hello *there*.",
            "perspectives": "Twenty years on the front line.",
            "expertise_names": "Coaching, Lean, coaching",
        },
    )
    assert response.status_code == 302
    maya = User.objects.get(pk=people.member.pk)
    assert maya.job_title == "Head of Depots"
    assert maya.bio_html == "<p>Hello <em>there</em>.</p>\n"
    assert sorted(maya.expertise.values_list("name", flat=True)) == ["Coaching", "Lean"]


def test_a_bad_profile_is_a_form_error_and_saves_nothing(people, as_member):
    response = as_member.post(
        "/people/me/edit/", {"full_name": "", "job_title": "x" * 121, "expertise_names": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required" in page
    assert "at most 120 characters" in page
    maya = User.objects.get(pk=people.member.pk)
    assert maya.full_name == "Maya Member"


def test_too_many_expertise_tags_are_refused(people, as_member):
    names = ", ".join(f"Skill {n}" for n in range(16))
    response = as_member.post(
        "/people/me/edit/", {"full_name": "Maya Member", "expertise_names": names}
    )
    assert "at most 15" in response.content.decode()
    assert not people.member.expertise.exists()


def test_tokens_section_is_shown_only_on_your_own_profile(people, as_member):
    own = as_member.get(people.member.get_absolute_url()).content.decode()
    other = client_for(people.convenor).get(people.member.get_absolute_url()).content.decode()
    assert "Personal access tokens" in own
    assert "Personal access tokens" not in other


def test_an_expertise_tag_with_a_renamed_slug_is_reused(people, as_member):
    from convene.people.models import Expertise

    Expertise.objects.create(name="Coaching", slug="coach")
    as_member.post("/people/me/edit/", {"full_name": "Maya Member", "expertise_names": "coaching"})
    assert list(people.member.expertise.values_list("slug", flat=True)) == ["coach"]
