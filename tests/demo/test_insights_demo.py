"""The demo's executive report: ready for the sponsor, holding their communities' payoffs."""

from __future__ import annotations

import pytest
from reportlab import rl_config

from convene.communities.models import Community
from convene.demo.insights import build_insights
from convene.insights.models import Report
from convene.people.models import User
from tests.conftest import client_for
from tests.demo.seeding import demo_before


@pytest.fixture
def summary(db, monkeypatch) -> str:
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    return build_insights(demo_before(build_insights))


def test_the_sponsor_finds_a_ready_report_on_their_communities(summary):
    sponsor = User.objects.get(email="sponsor@northgate.example")
    report = Report.objects.get()
    sponsored = set(Community.objects.filter(sponsor=sponsor))

    assert report.requested_by == sponsor and report.status == Report.Status.READY
    assert set(report.communities.all()) == sponsored and sponsored
    assert summary.startswith(f"1 executive report for {sponsor} on {len(sponsored)} communities")
    pdf = client_for(sponsor).get(f"/insights/reports/{report.pk}/pdf/").content
    assert pdf.startswith(b"%PDF") and b"Use of talent" in pdf


def test_the_sponsors_payoffs_page_shows_the_demo_data(summary):
    page = client_for(User.objects.get(email="sponsor@northgate.example")).get(
        "/insights/payoffs/?since=2025-11-03&until=2026-11-02"
    )

    assert page.status_code == 200
    assert 'data-section="value-creation"' in page.content.decode()
