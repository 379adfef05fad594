"""Members see their own journey, leaders their own community's health, sponsors their payoffs."""

from __future__ import annotations

from tests.conftest import client_for
from tests.factories import make_community, make_person
from tests.insights import builders as b


def test_your_journey_shows_your_own_activity_and_nobody_elses(people):
    gathering = b.make_gathering(people.open_community, people.convenor)
    b.attend(gathering, people.member, intention="Run a troika with my team.")
    b.attend(gathering, people.convenor, intention="Ask for feedback weekly.")

    page = client_for(people.member).get("/insights/me/").content.decode()

    assert "Run a troika with my team." in page
    assert "Ask for feedback weekly." not in page


def test_your_journey_over_the_api_is_yours_alone(people, api_as):
    b.make_goal(people.convenor)

    body = api_as(people.member).get("/api/v1/insights/me").json()

    goals = next(s for s in body["sections"] if s["slug"] == "goals")["tables"][0]["rows"]
    assert sum(row["values"][0] for row in goals) == 0


def test_the_convenor_sees_their_communitys_health(people):
    response = client_for(people.convenor).get(
        f"/insights/communities/{people.open_community.slug}/"
    )

    assert response.status_code == 200
    assert "Breadth of participation" in response.content.decode()


def test_the_sponsor_and_an_administrator_see_a_communitys_health(people, api_as):
    url = f"/api/v1/insights/communities/{people.private_community.slug}"

    assert api_as(people.sponsor).get(url).status_code == 200
    assert api_as(people.admin).get(url).status_code == 200


def test_a_member_who_does_not_lead_is_told_the_health_page_does_not_exist(people, api_as):
    slug = people.open_community.slug

    assert client_for(people.member).get(f"/insights/communities/{slug}/").status_code == 404
    assert api_as(people.member).get(f"/api/v1/insights/communities/{slug}").status_code == 404


def test_a_convenor_of_another_community_sees_nothing_of_this_one(people):
    other = make_person("Olga Other")
    make_community("Elsewhere", convenor=other)

    response = client_for(other).get(f"/insights/communities/{people.open_community.slug}/")

    assert response.status_code == 404


def test_an_outsider_is_told_a_private_communitys_health_does_not_exist(people, api_as):
    slug = people.private_community.slug

    assert client_for(people.outsider).get(f"/insights/communities/{slug}/").status_code == 404
    assert api_as(people.outsider).get(f"/api/v1/insights/communities/{slug}").status_code == 404
    assert (
        client_for(people.outsider).get("/insights/communities/no-such-place/").status_code == 404
    )


def test_a_member_who_neither_sponsors_nor_leads_sees_no_payoffs(people, api_as):
    assert client_for(people.member).get("/insights/payoffs/").status_code == 404
    assert api_as(people.outsider).get("/api/v1/insights/payoffs").status_code == 404
    assert client_for(people.member).get("/insights/reports/").status_code == 404


def test_a_sponsor_sees_the_payoffs_of_their_own_communities_only(people, api_as):
    sponsor = make_person("Sam Sponsor")
    make_community("Far Field", sponsor=sponsor)
    client = api_as(sponsor)

    scope = client.get("/api/v1/insights/payoffs").json()["scope"]
    refused = client.get(f"/api/v1/insights/payoffs?community={people.open_community.slug}")

    assert scope.startswith("Far Field;")
    assert people.open_community.name not in scope
    assert refused.status_code == 400


def test_a_sponsor_sees_their_private_community_even_when_they_cannot_read_it(people, api_as):
    scope = api_as(people.sponsor).get("/api/v1/insights/payoffs").json()["scope"]

    assert people.private_community.name in scope


def test_an_executive_sees_open_communities_but_not_a_private_one_they_cannot_read(people, api_as):
    scope = api_as(people.executive).get("/api/v1/insights/payoffs").json()["scope"]

    assert people.open_community.name in scope
    assert people.private_community.name not in scope


def test_naming_a_private_community_one_cannot_read_is_refused_like_an_unknown_one(people, api_as):
    client = api_as(people.executive)

    private = client.get(f"/api/v1/insights/payoffs?community={people.private_community.slug}")
    unknown = client.get("/api/v1/insights/payoffs?community=no-such-place")

    assert private.status_code == unknown.status_code == 400
    assert private.json()["detail"].replace(people.private_community.slug, "X") == unknown.json()[
        "detail"
    ].replace("no-such-place", "X")


def test_the_payoffs_page_offers_only_the_communities_one_may_see(people):
    page = client_for(people.executive).get("/insights/payoffs/").content.decode()

    assert f'value="{people.open_community.slug}"' in page
    assert people.private_community.slug not in page
