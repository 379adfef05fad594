"""Encouragement: a small fixed set of reactions, toggled on and off, shown with who gave them."""

from __future__ import annotations

import pytest

from convene.discussions.models import Reaction
from tests.conftest import client_for
from tests.discussions.builders import make_comment, make_post, post_url, reaction_url


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("kind", ["encourage", "insightful", "thank_you"])
def test_member_encourages_a_post_and_takes_it_back(people, as_member, kind):
    post = make_post(people.convenor, people.open_community)

    as_member.post(reaction_url(post), {"kind": kind})
    assert list(Reaction.objects.values_list("user", "post", "comment", "kind")) == [
        (people.member.pk, post.pk, None, kind)
    ]

    as_member.post(reaction_url(post), {"kind": kind})
    assert not Reaction.objects.exists()


def test_encouragement_on_a_comment_toggles_and_returns_to_the_comment(people, as_member):
    post = make_post(people.convenor, people.open_community)
    comment = make_comment(people.convenor, post)

    response = as_member.post(reaction_url(post), {"kind": "insightful", "comment": comment.pk})

    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert Reaction.objects.get().comment == comment
    as_member.post(reaction_url(post), {"kind": "insightful", "comment": comment.pk})
    assert not Reaction.objects.exists()


def test_encouragement_shows_the_names_of_those_who_gave_it(people, as_member):
    post = make_post(people.member, people.open_community)
    comment = make_comment(people.member, post)
    client_for(people.convenor).post(reaction_url(post), {"kind": "thank_you"})
    as_member.post(reaction_url(post), {"kind": "thank_you"})
    client_for(people.convenor).post(
        reaction_url(post), {"kind": "encourage", "comment": comment.pk}
    )

    page = as_member.get(post_url(post)).text

    assert "Thank you: Connor Convenor, Maya Member" in page
    assert "Encourage: Connor Convenor" in page
    assert 'aria-pressed="true"' in page


def test_unknown_kind_of_encouragement_is_an_error(people, as_member):
    post = make_post(people.convenor, people.open_community)

    response = as_member.post(reaction_url(post), {"kind": "like"}, follow=True)

    assert _messages(response) == ["“like” is not a kind of encouragement."]
    assert not Reaction.objects.exists()


def test_non_member_cannot_encourage(people, as_outsider):
    post = make_post(people.convenor, people.open_community)
    comment = make_comment(people.convenor, post)

    on_post = as_outsider.post(reaction_url(post), {"kind": "encourage"}, follow=True)
    on_comment = as_outsider.post(
        reaction_url(post), {"kind": "encourage", "comment": comment.pk}, follow=True
    )

    expected = ["Only members of Open Circle can take part in its conversations."]
    assert _messages(on_post) == expected and _messages(on_comment) == expected
    assert not Reaction.objects.exists()


def test_encouraging_a_comment_of_another_post_is_404(people, as_member):
    post = make_post(people.convenor, people.open_community)
    elsewhere = make_comment(people.convenor, make_post(people.convenor, people.open_community))

    response = as_member.post(reaction_url(post), {"kind": "encourage", "comment": elsewhere.pk})

    assert response.status_code == 404
    assert not Reaction.objects.exists()


def test_a_non_numeric_comment_id_is_404(people, as_member):
    post = make_post(people.convenor, people.open_community)

    assert (
        as_member.post(reaction_url(post), {"kind": "encourage", "comment": "1 OR 1"}).status_code
        == 404
    )


@pytest.mark.parametrize("field", ["kind", "comment"])
def test_odd_encouragement_input_is_refused_without_an_error_page(people, field):
    from convene.discussions import services as discussion_services
    from tests.conftest import client_for

    post = discussion_services.create_post(
        actor=people.member, community=people.open_community, title="T", body="B"
    )
    data = {"kind": "a\x00b"} if field == "kind" else {"kind": "encourage", "comment": "²"}
    url = f"/communities/open-circle/posts/{post.pk}/encouragement/"
    response = client_for(people.member).post(url, data)
    assert response.status_code in {302, 404}
    assert not post.reactions.exists()
