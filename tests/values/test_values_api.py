"""Values in action through the API: values, stories and summaries, with their refusals."""

from __future__ import annotations

import json

import pytest

from convene.notifications.models import Notification
from convene.values.models import Value, ValueStory
from tests.values.builders import days_ago, make_value, tell


def send(client, method: str, url: str, body: object):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def story_body(*values: Value, **fields: object) -> dict[str, object]:
    return {
        "title": "Owned the mistake",
        "body": "He told the team first, before anyone asked.",
        "happened_on": days_ago(4).isoformat(),
        "values": [value.pk for value in values],
        **fields,
    }


class TestValues:
    def test_everyone_lists_the_values_in_order(self, people, api_as, courage, care):
        page = api_as(people.outsider).get("/api/v1/values")
        assert page.status_code == 200
        assert [row["name"] for row in page.json()["items"]] == ["Courage", "Care"]

    def test_an_administrator_adds_and_changes_a_value(self, people, api_as, courage):
        admin = api_as(people.admin)
        added = send(admin, "post", "/api/v1/values", {"name": "Care", "description": "Kind."})
        assert added.status_code == 201 and added.json()["order"] == 2
        url = f"/api/v1/values/{added.json()['id']}"
        changed = send(admin, "patch", url, {"order": 1, "is_active": False, "name": "Care!"})
        assert changed.status_code == 200
        assert changed.json() | {"id": 0, "url": ""} == {
            "id": 0,
            "name": "Care!",
            "description": "Kind.",
            "order": 1,
            "is_active": False,
            "url": "",
        }

    def test_others_may_not_add_or_change_values(self, people, api_as, courage):
        member = api_as(people.member)
        refused = send(member, "post", "/api/v1/values", {"name": "Care"})
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Only administrators set the organisation's values."
        assert (
            send(member, "patch", f"/api/v1/values/{courage.pk}", {"name": "X"}).status_code == 403
        )
        assert list(Value.objects.values_list("name", flat=True)) == ["Courage"]

    def test_a_bad_change_changes_nothing(self, people, api_as, courage, care):
        admin = api_as(people.admin)
        url = f"/api/v1/values/{care.pk}"
        refused = send(admin, "patch", url, {"name": "Renamed", "order": 9})
        assert refused.status_code == 400 and "from 1 to 2" in refused.json()["detail"]
        assert Value.objects.get(pk=care.pk).name == "Care"
        nul = send(admin, "patch", url, {"name": "Ca\u0000re"})
        assert nul.status_code == 422 and "Null characters" in nul.json()["detail"]

    def test_the_summary_folds_communities_the_reader_cannot_read(self, people, api_as, courage):
        tell(people.member, courage, community=people.open_community, beyond_community=False)
        tell(people.member, courage, community=people.private_community)
        tell(people.member, courage, happened_on=days_ago(120))
        summary = api_as(people.outsider).get(f"/api/v1/values/{courage.pk}/summary").json()
        assert (summary["total"], summary["recent"], summary["inside"], summary["beyond"]) == (
            3,
            2,
            1,
            2,
        )
        assert summary["communities"] == [
            {"name": "Open Circle", "slug": "open-circle", "count": 1},
            {"name": "Other communities", "slug": None, "count": 1},
        ]
        member_view = api_as(people.member).get(f"/api/v1/values/{courage.pk}/summary").json()
        assert {row["slug"] for row in member_view["communities"]} == {"open-circle", "quiet-room"}

    def test_an_unknown_value_is_404(self, people, api_as):
        assert api_as(people.member).get("/api/v1/values/999/summary").status_code == 404


class TestStories:
    def test_a_member_tells_a_story_and_the_person_named_is_told(
        self, people, api_as, courage, django_capture_on_commit_callbacks
    ):
        body = story_body(
            courage,
            community="open-circle",
            about_person=people.convenor.handle,
            audience="community",
        )
        with django_capture_on_commit_callbacks(execute=True):
            made = send(api_as(people.member), "post", "/api/v1/value-stories", body)
        assert made.status_code == 201, made.json()
        story = made.json()
        assert story["values"] == [{"id": courage.pk, "name": "Courage"}]
        assert story["community"] == {"slug": "open-circle", "name": "Open Circle"}
        assert story["about_person"]["handle"] == people.convenor.handle
        assert story["audience"] == "community" and not story["hidden"]
        assert Notification.objects.get().recipient == people.convenor

    @pytest.mark.parametrize(
        ("change", "status", "detail"),
        [
            ({"values": []}, 422, "values"),
            ({"values": [999]}, 400, "no value with id 999"),
            ({"community": "quiet-room"}, 400, "community whose conversations you can read"),
            ({"community": "no-such-place"}, 400, "community whose conversations you can read"),
            ({"title": "x" * 161}, 422, "title"),
            ({"body": "Nul \u0000 here"}, 422, "Null characters"),
            ({"about_person": "nobody-here"}, 400, "No one using Convene"),
            ({"happened_on": "tomorrow"}, 422, "happened_on"),
        ],
    )
    def test_bad_input_is_refused_with_a_detail(
        self, people, api_as, courage, change, status, detail
    ):
        body = story_body(courage) | change
        refused = send(api_as(people.outsider), "post", "/api/v1/value-stories", body)
        assert refused.status_code == status
        assert detail in refused.json()["detail"]
        assert not ValueStory.objects.exists()

    def test_a_retired_value_is_refused(self, people, api_as, courage):
        retired = make_value("Thrift", active=False)
        body = story_body(courage, retired)
        refused = send(api_as(people.member), "post", "/api/v1/value-stories", body)
        assert refused.status_code == 400 and "retired" in refused.json()["detail"]

    def test_an_outsider_gets_404_for_a_private_communitys_story(self, people, api_as, courage):
        story = tell(people.member, courage, community=people.private_community)
        outsider = api_as(people.outsider)
        url = f"/api/v1/value-stories/{story.pk}"
        assert outsider.get(url).status_code == 404
        assert send(outsider, "patch", url, {"title": "Mine"}).status_code == 404
        assert outsider.delete(url).status_code == 404
        assert outsider.get("/api/v1/value-stories").json()["count"] == 0
        assert api_as(people.member).get(url).status_code == 200

    def test_the_author_edits_and_deletes(self, people, api_as, courage, care):
        story = tell(people.member, courage, community=people.open_community)
        member, url = api_as(people.member), f"/api/v1/value-stories/{story.pk}"
        changed = send(member, "patch", url, {"values": [care.pk], "community": None})
        assert changed.status_code == 200
        assert changed.json()["values"] == [{"id": care.pk, "name": "Care"}]
        assert changed.json()["community"] is None and changed.json()["beyond_community"]
        assert member.delete(url).status_code == 204
        assert not ValueStory.objects.exists()

    def test_only_the_person_named_hides_and_only_the_author_edits(self, people, api_as, courage):
        story = tell(people.member, courage, about_person=people.convenor)
        url = f"/api/v1/value-stories/{story.pk}"
        author, subject = api_as(people.member), api_as(people.convenor)
        assert send(author, "patch", url, {"hidden": True}).status_code == 400
        assert send(subject, "patch", url, {"title": "Mine"}).status_code == 400
        assert subject.delete(url).status_code == 404
        hidden = send(subject, "patch", url, {"hidden": True})
        assert hidden.status_code == 200 and hidden.json()["hidden"]
        assert api_as(people.executive).get(url).status_code == 404
        assert author.get(url).status_code == 200

    def test_lists_filter_by_value_community_and_about_me(self, people, api_as, courage, care):
        tell(people.member, courage, community=people.open_community)
        tell(people.member, care, about_person=people.executive)
        executive = api_as(people.executive)

        def titles(query: str) -> int:
            return executive.get(f"/api/v1/value-stories{query}").json()["count"]

        assert titles("") == 2
        assert titles(f"?value={care.pk}") == 1
        assert titles("?community=open-circle") == 1
        assert titles("?about_me=true") == 1
