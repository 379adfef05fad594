"""Administrators set the agreed parameters; everyone signed in reads what concerns them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from convene.api.models import ApiToken
from convene.audit.models import AuditEvent
from convene.people.models import User
from convene.resources import parameters
from convene.resources.models import ApprovalRule, Cap, Envelope, Kind, Period
from convene.resources.services import ResourceError
from tests.api.conftest import bearer
from tests.conftest import client_for
from tests.factories import make_community, make_person

PAGE = reverse("resources:parameters")
API = "/api/v1/resources/parameters"
JSON = "application/json"


def current_period(name: str = "This quarter") -> Period:
    today = timezone.localdate()
    return Period.objects.create(
        name=name,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
        round_share=10,
    )


def envelope(period: Period, community, kind: str = Kind.FUNDING, total: str = "1000") -> Envelope:
    return Envelope.objects.create(
        period=period, community=community, kind=kind, total=Decimal(total)
    )


@pytest.fixture
def api(db):
    """One token client per person, as scripts sign in."""
    clients: dict[int, Client] = {}

    def client(user: User) -> Client:
        if user.pk not in clients:
            clients[user.pk] = bearer(ApiToken.issue(user, "tests")[1])
        return clients[user.pk]

    return client


def hold(envelope: Envelope, amount: str) -> None:
    """Commit part of an envelope to projects, as an approval does."""
    Envelope.objects.filter(pk=envelope.pk).update(remaining=envelope.remaining - Decimal(amount))


# -- Administrators set the parameters ---------------------------------------------------


def test_an_administrator_creates_a_period_and_sets_its_parameters(people, as_admin):
    today = timezone.localdate()
    response = as_admin.post(
        PAGE,
        {
            "action": "period_create",
            "name": "Autumn",
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=90)).isoformat(),
            "round_share": "20",
        },
    )
    period = Period.objects.get(name="Autumn")
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?period={period.pk}"
    page = f"{PAGE}?period={period.pk}"
    as_admin.post(
        page,
        {
            "action": "envelope",
            "community": people.open_community.pk,
            "kind": "funding",
            "total": "5000",
        },
    )
    as_admin.post(page, {"action": "cap", "kind": "time", "amount": "40"})
    as_admin.post(
        page,
        {
            "action": "rule_add",
            "kind": "funding",
            "above": "500",
            "needs_convenor": "on",
            "needs_sponsor": "on",
        },
    )
    made = Envelope.objects.get(period=period)
    assert (made.total, made.remaining) == (Decimal("5000.00"), Decimal("5000.00"))
    assert Cap.objects.get(period=period).amount == Decimal("40")
    rule = ApprovalRule.objects.get(period=period)
    assert (rule.above, rule.needs_convenor, rule.needs_sponsor) == (Decimal("500"), True, True)
    assert AuditEvent.objects.filter(action="resources.envelope_set").exists()

    shown = as_admin.get(page).content.decode()
    assert "Funding above £500.00: the convenor and the sponsor approve" in shown
    assert "Released time (hours): up to 40 hours for one project" in shown
    assert "£5,000.00" in shown


def test_an_administrator_edits_a_period_and_removes_a_rule(people, as_admin):
    period = current_period()
    rule = ApprovalRule.objects.create(period=period, kind=Kind.FUNDING, above=Decimal("0"))
    page = f"{PAGE}?period={period.pk}"
    as_admin.post(
        page,
        {
            "action": "period_edit",
            "name": "Renamed",
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
            "round_share": "0",
        },
    )
    as_admin.post(page, {"action": "rule_remove", "rule": str(rule.pk)})
    period.refresh_from_db()
    assert (period.name, period.round_share) == ("Renamed", 0)
    assert not ApprovalRule.objects.exists()


def test_overlapping_periods_and_bad_dates_are_refused_with_the_reason(people, as_admin):
    period = current_period()
    response = as_admin.post(
        PAGE,
        {
            "action": "period_create",
            "name": "Clash",
            "starts_on": period.ends_on.isoformat(),
            "ends_on": (period.ends_on + datetime.timedelta(days=5)).isoformat(),
            "round_share": "0",
        },
    )
    assert response.status_code == 400
    assert "overlap “This quarter”" in response.content.decode()
    with pytest.raises(ResourceError, match="end on or after"):
        parameters.create_period(
            actor=people.admin,
            name="Backwards",
            starts_on=datetime.date(2030, 2, 1),
            ends_on=datetime.date(2030, 1, 1),
            round_share=0,
        )
    assert Period.objects.count() == 1


def test_a_rule_needing_no_approver_and_a_negative_cap_are_refused(people, as_admin):
    period = current_period()
    page = f"{PAGE}?period={period.pk}"
    response = as_admin.post(page, {"action": "rule_add", "kind": "funding", "above": "10"})
    assert response.status_code == 400
    assert "needs the convenor, the sponsor or both" in response.content.decode()
    assert as_admin.post(page, {"action": "cap", "kind": "time", "amount": "-5"}).status_code == 400
    assert not ApprovalRule.objects.exists() and not Cap.objects.exists()


def test_non_administrators_see_no_forms_and_are_refused_on_post(people, as_convenor):
    period = current_period()
    shown = as_convenor.get(PAGE)
    assert shown.status_code == 200
    assert "Set the parameters" not in shown.content.decode()
    refused = as_convenor.post(
        f"{PAGE}?period={period.pk}",
        {"action": "cap", "kind": "funding", "amount": "100"},
    )
    assert refused.status_code == 403
    assert not Cap.objects.exists()
    with pytest.raises(ResourceError, match="Only administrators"):
        parameters.set_cap(actor=people.convenor, period=period, kind="funding", amount=Decimal(1))


def test_non_administrators_see_only_the_current_period(people, as_member):
    current_period()
    old = Period.objects.create(
        name="Long ago", starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 3, 31)
    )
    Cap.objects.create(period=old, kind=Kind.FUNDING, amount=Decimal("777"))
    shown = as_member.get(f"{PAGE}?period={old.pk}").content.decode()
    assert "This quarter" in shown and "£777.00" not in shown


# -- Envelope totals and what projects hold ---------------------------------------------


def test_raising_an_envelope_moves_its_remaining_by_the_difference(people):
    period = current_period()
    funding = envelope(period, people.open_community)
    hold(funding, "300")
    parameters.set_envelope(
        actor=people.admin,
        period=period,
        community=people.open_community,
        kind=Kind.FUNDING,
        total=Decimal("1500"),
    )
    funding.refresh_from_db()
    assert (funding.total, funding.remaining) == (Decimal("1500"), Decimal("1200"))


def test_lowering_an_envelope_below_what_projects_hold_is_refused_with_the_figures(
    people, as_admin
):
    period = current_period()
    funding = envelope(period, people.open_community)
    hold(funding, "800")
    response = as_admin.post(
        f"{PAGE}?period={period.pk}",
        {
            "action": "envelope",
            "community": people.open_community.pk,
            "kind": "funding",
            "total": "500",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "already hold £800.00" in text
    assert "cannot be £500.00" in text
    assert "at least £800.00" in text
    funding.refresh_from_db()
    assert (funding.total, funding.remaining) == (Decimal("1000"), Decimal("200"))


def test_lowering_an_envelope_to_exactly_what_projects_hold_leaves_nothing_remaining(people):
    period = current_period()
    hours = envelope(period, people.open_community, Kind.TIME, "100")
    hold(hours, "60")
    parameters.set_envelope(
        actor=people.admin,
        period=period,
        community=people.open_community,
        kind=Kind.TIME,
        total=Decimal("60"),
    )
    hours.refresh_from_db()
    assert (hours.total, hours.remaining) == (Decimal("60"), Decimal("0"))


# -- Who sees which envelopes --------------------------------------------------------------


def test_envelopes_show_only_for_communities_a_person_reads_or_sponsors(people):
    period = current_period()
    secret = make_community("Back Room", private=True)
    sponsored_elsewhere = make_community("Far Field", private=True, sponsor=people.executive)
    for community in (people.open_community, people.private_community, secret):
        envelope(period, community)
    envelope(period, sponsored_elsewhere)

    def seen(user) -> set[str]:
        table = parameters.envelopes_visible_to(user, period)
        return {row.community.name for row in parameters.envelope_table(table)}

    assert seen(people.member) == {"Open Circle", "Quiet Room"}
    assert seen(people.outsider) == {"Open Circle"}
    assert seen(people.executive) == {"Open Circle", "Far Field"}
    assert seen(people.admin) == {"Open Circle", "Quiet Room", "Back Room", "Far Field"}
    shown = client_for(people.outsider).get(PAGE).content.decode()
    assert "Open Circle" in shown and "Quiet Room" not in shown and "Back Room" not in shown


def test_the_page_costs_the_same_queries_for_two_communities_as_for_twenty(people):
    period = current_period()
    for kind in Kind.values:
        Cap.objects.create(period=period, kind=kind, amount=Decimal("50"))
    counts = []
    for added in (2, 18):
        for _ in range(added):
            community = make_community(members=[people.member])
            for kind in Kind.values:
                envelope(period, community, kind)
        for user in (people.member, people.admin):
            client = client_for(user)
            client.get(PAGE)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"{PAGE}?period={period.pk}").status_code == 200
            counts.append((user.full_name, len(queries)))
    assert counts[:2] == counts[2:], counts


# -- The API ------------------------------------------------------------------------------


def test_anyone_signed_in_reads_the_current_parameters_over_the_api(people, api):
    period = current_period()
    ApprovalRule.objects.create(
        period=period, kind=Kind.FUNDING, above=Decimal("500"), needs_sponsor=True
    )
    Cap.objects.create(period=period, kind=Kind.EXPERTISE, amount=Decimal("12.5"))
    envelope(period, people.private_community)
    envelope(period, make_community("Elsewhere", private=True))
    seen = api(people.member).get(API).json()
    assert seen["period"]["name"] == "This quarter"
    assert seen["may_edit"] is False
    assert seen["rules"][0]["text"] == "Funding above £500.00: the convenor and the sponsor approve"
    assert seen["caps"][0]["text"] == "Expert hours: up to 12.5 hours for one project"
    assert [each["community"] for each in seen["envelopes"]] == ["quiet-room"]
    assert api(people.outsider).get(API).json()["envelopes"] == []


def test_administrators_set_parameters_over_the_api_and_others_are_refused(people, api):
    admin, member = api(people.admin), api(people.member)
    body = {"name": "Next", "starts_on": "2031-01-01", "ends_on": "2031-03-31", "round_share": 5}
    assert member.post(f"{API}/periods", body, content_type=JSON).status_code == 400
    made = admin.post(f"{API}/periods", body, content_type=JSON)
    assert made.status_code == 201
    base = f"{API}/periods/{made.json()['id']}"
    assert member.patch(base, {"round_share": 9}, content_type=JSON).status_code == 404
    assert admin.patch(base, {"round_share": 9}, content_type=JSON).json()["round_share"] == 9

    set_envelope = {"community": "open-circle", "kind": "time", "total": "80"}
    envelope_out = admin.post(f"{base}/envelopes", set_envelope, content_type=JSON).json()
    assert (envelope_out["total"], envelope_out["remaining"]) == ("80.00", "80.00")
    hold(Envelope.objects.get(pk=envelope_out["id"]), "50")
    lowered = admin.patch(
        f"{base}/envelopes/{envelope_out['id']}", {"total": "30"}, content_type=JSON
    )
    assert lowered.status_code == 400
    assert "already hold 50 hours" in lowered.json()["detail"]
    negative = admin.post(f"{base}/envelopes", {**set_envelope, "total": "-1"}, content_type=JSON)
    assert negative.status_code == 400

    rule = admin.post(
        f"{base}/rules",
        {"kind": "funding", "above": "1000", "needs_sponsor": True},
        content_type=JSON,
    )
    assert rule.status_code == 201
    cap = admin.post(f"{base}/caps", {"kind": "funding", "amount": "900"}, content_type=JSON)
    assert cap.json()["amount"] == "900.00"
    rule_url = f"{base}/rules/{rule.json()['id']}"
    changed = admin.patch(rule_url, {"needs_convenor": True}, content_type=JSON).json()
    assert changed["text"] == "Funding above £1,000.00: the convenor and the sponsor approve"
    nobody = {"needs_convenor": False, "needs_sponsor": False}
    assert admin.patch(rule_url, nobody, content_type=JSON).status_code == 400
    assert member.patch(rule_url, nobody, content_type=JSON).status_code == 404
    capped = admin.patch(f"{base}/caps/funding", {"amount": "950"}, content_type=JSON)
    assert capped.json()["amount"] == "950.00"
    nothing = admin.patch(f"{base}/caps/funding", {"amount": "0"}, content_type=JSON)
    assert nothing.status_code == 400
    assert admin.delete(rule_url).status_code == 204
    assert admin.delete(f"{base}/caps/funding").status_code == 204
    period = Period.objects.get(name="Next")
    assert not period.caps.exists() and not period.approval_rules.exists()


def test_others_asking_for_another_period_over_the_api_get_a_404(people, api):
    current_period()
    old = Period.objects.create(
        name="Long ago", starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 3, 31)
    )
    assert api(people.member).get(API, {"period": old.pk}).status_code == 404
    assert api(people.admin).get(API, {"period": old.pk}).json()["period"]["name"] == "Long ago"
    assert [each["name"] for each in api(people.member).get(f"{API}/periods").json()] == [
        "This quarter"
    ]


# -- The technical admin ----------------------------------------------------------------


def _admin_form(period: Period, envelope: Envelope, total: str) -> dict[str, str]:
    data = {
        "name": period.name,
        "starts_on": period.starts_on.isoformat(),
        "ends_on": period.ends_on.isoformat(),
        "round_share": str(period.round_share),
        "envelopes-TOTAL_FORMS": "1",
        "envelopes-INITIAL_FORMS": "1",
        "envelopes-0-id": str(envelope.pk),
        "envelopes-0-period": str(period.pk),
        "envelopes-0-community": str(envelope.community_id),
        "envelopes-0-kind": envelope.kind,
        "envelopes-0-total": total,
    }
    for prefix in ("caps", "approval_rules"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def test_the_technical_admin_moves_an_envelope_by_the_difference_and_keeps_what_is_held(people):
    superuser = make_person("Sam Super", is_staff=True, is_superuser=True, is_administrator=True)
    period = current_period()
    funding = envelope(period, people.open_community)
    hold(funding, "400")
    client = client_for(superuser)
    change = reverse("admin:resources_period_change", args=[period.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, _admin_form(period, funding, "1600")).status_code == 302
    funding.refresh_from_db()
    assert (funding.total, funding.remaining) == (Decimal("1600"), Decimal("1200"))
    refused = client.post(change, _admin_form(period, funding, "300"))
    assert refused.status_code == 200
    assert "already hold 400.00" in refused.content.decode()
    funding.refresh_from_db()
    assert (funding.total, funding.remaining) == (Decimal("1600"), Decimal("1200"))


def test_setting_an_envelope_never_tells_an_outsider_whether_a_private_community_exists(
    people, api
):
    period = current_period()
    answers = []
    for slug in (people.private_community.slug, "no-such-community"):
        body = {"community": slug, "kind": "funding", "total": "100"}
        response = api(people.outsider).post(
            f"{API}/periods/{period.pk}/envelopes", body, content_type=JSON
        )
        answers.append((response.status_code, response.json()["detail"]))
    assert answers[0] == answers[1] == (400, "Only administrators set the agreed parameters.")
    assert not Envelope.objects.exists()
