"""Signing in with e-mail and password, resetting a password, and two-factor set-up."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal import auth as totp
from django.core import mail
from django.core.cache import cache

from tests.factories import make_person


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_people_sign_in_with_their_email_in_any_case(client):
    make_person("Iris Ito", email="iris@example.org")
    response = sign_in(client, "IRIS@example.org", "pw")
    assert response.status_code == 302
    assert client.get("/").context["user"].email == "iris@example.org"


@pytest.mark.django_db
def test_a_wrong_password_is_a_clear_error(client):
    make_person("Iris Ito", email="iris@example.org")
    response = sign_in(client, "iris@example.org", "nope")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failed_sign_ins_are_throttled(client):
    make_person("Iris Ito", email="iris@example.org")
    for _ in range(5):
        sign_in(client, "iris@example.org", "nope")
    response = sign_in(client, "iris@example.org", "pw")
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_inactive_people_cannot_sign_in(client):
    make_person("Iris Ito", email="iris@example.org", is_active=False)
    sign_in(client, "iris@example.org", "pw")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_sends_a_link_by_email(client):
    make_person("Iris Ito", email="iris@example.org")
    response = client.post("/accounts/password/reset/", {"email": "iris@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_self_sign_up_is_closed_by_default(client):
    response = client.get("/accounts/signup/")
    assert "closed" in response.content.decode().lower()


@pytest.mark.django_db
def test_two_factor_authentication_is_set_up_and_then_asked_for(client):
    make_person("Iris Ito", email="iris@example.org")
    sign_in(client, "iris@example.org", "pw")
    client.post("/accounts/reauthenticate/", {"password": "pw"})
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    client.post("/accounts/logout/")
    response = sign_in(client, "iris@example.org", "pw")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def current_code(secret: str) -> str:
    counter = next(totp.yield_hotp_counters_from_time())
    return totp.format_hotp_value(totp.hotp_value(secret, counter))
