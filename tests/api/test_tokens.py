"""Personal access tokens: created and revoked on the profile page, used as Bearer tokens."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine

from convene.api.models import ApiToken
from tests.api.conftest import bearer


def create_token(client, name: str):
    return client.post("/tokens/", {"name": name}, follow=True)


def new_secret(client, name: str = "Weekly report") -> str:
    return create_token(client, name).context["new_api_token"]


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_a_new_token_is_shown_once_and_only_its_digest_is_stored(people, as_member):
    response = create_token(as_member, "Weekly report")
    secret = response.context["new_api_token"]
    token = ApiToken.objects.get(user=people.member)
    assert secret.startswith("cvn_") and secret in response.content.decode()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.hint, token.digest}
    assert secret not in as_member.get(people.member.get_absolute_url()).content.decode()
    assert "new_api_token" not in as_member.session


def test_a_bearer_request_with_the_token_signs_in_as_its_owner(people, as_member):
    response = bearer(new_secret(as_member)).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == people.member.email


def test_a_revoked_token_is_refused_at_once(people, as_member):
    api = bearer(new_secret(as_member))
    assert api.get("/api/v1/me").status_code == 200
    as_member.post(f"/tokens/{ApiToken.objects.get(user=people.member).pk}/revoke/")
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_made_up_token_is_refused(people):
    response = bearer("cvn_" + "x" * 43).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_the_token_of_a_deactivated_person_is_refused(people, as_member):
    api = bearer(new_secret(as_member))
    people.member.is_active = False
    people.member.save(update_fields=["is_active"])
    assert api.get("/api/v1/me").status_code == 401


def test_nobody_can_revoke_another_persons_token(people, as_member, as_outsider):
    new_secret(as_member)
    token = ApiToken.objects.get(user=people.member)
    assert as_outsider.post(f"/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.active().filter(pk=token.pk).exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_missing_or_too_long_name_is_refused_with_a_message(people, as_member, name):
    response = create_token(as_member, name)
    assert "Name: " in messages_of(response)
    assert response.context["new_api_token"] is None
    assert not ApiToken.objects.exists()


def test_a_name_of_80_characters_is_accepted(people, as_member):
    create_token(as_member, "x" * 80)
    assert ApiToken.objects.get(user=people.member).name == "x" * 80


def test_two_active_tokens_with_the_same_name_are_refused(people, as_member):
    create_token(as_member, "Weekly report")
    response = create_token(as_member, "Weekly report")
    assert "already have a token called “Weekly report”" in messages_of(response)
    assert ApiToken.objects.filter(user=people.member).count() == 1


def test_the_name_of_a_revoked_token_can_be_used_again(people, as_member):
    create_token(as_member, "Weekly report")
    as_member.post(f"/tokens/{ApiToken.objects.get(user=people.member).pk}/revoke/")
    assert new_secret(as_member, "Weekly report")
    assert ApiToken.objects.active().filter(user=people.member).count() == 1


def test_the_time_a_token_was_last_used_is_recorded_to_the_minute(people):
    start = datetime.datetime(2030, 5, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        token, secret = ApiToken.issue(people.member, "Weekly report")
        api = bearer(secret)
        assert token.last_used_at is None
        api.get("/api/v1/me")
        traveller.shift(datetime.timedelta(seconds=30))
        api.get("/api/v1/me")
        token.refresh_from_db()
        assert token.last_used_at == start
        traveller.shift(datetime.timedelta(minutes=2))
        api.get("/api/v1/me")
        token.refresh_from_db()
        assert token.last_used_at == start + datetime.timedelta(minutes=2, seconds=30)
