"""An executive report is written in the background, shows progress and holds only what its
reader may see."""

from __future__ import annotations

import pytest
from reportlab import rl_config

from convene.insights import services
from convene.insights.models import Report
from convene.insights.periods import Period
from tests.conftest import client_for
from tests.factories import make_person
from tests.insights import builders as b

HEADINGS = [
    b"Executive report",
    b"Summary",
    b"Innovations",
    b"Use of talent",
    b"How executives respond",
    b"How respondents are kept anonymous",
]


@pytest.fixture(autouse=True)
def _uncompressed_pdfs(monkeypatch):
    """Leave the PDF's text readable in its bytes, so tests can find it without a PDF reader."""
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    monkeypatch.setattr(rl_config, "invariant", 1)


def _ask(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/api/v1/insights/reports", data, content_type="application/json")


def test_a_report_asked_for_over_the_api_is_written_and_downloaded(
    people, api_as, django_capture_on_commit_callbacks
):
    b.make_innovation(b.make_project(people.open_community, people.member))
    client = api_as(people.sponsor)

    asked = _ask(
        client, django_capture_on_commit_callbacks, communities=[people.open_community.slug]
    )
    status = client.get(f"/api/v1/insights/reports/{asked.json()['id']}").json()
    pdf = client.get(status["pdf_url"])

    assert asked.status_code == 202
    assert status["status"] == "ready" and status["progress"] == 100
    assert status["communities"] == [people.open_community.slug]
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    for heading in HEADINGS:
        assert heading in pdf.content, heading
    assert b"Kit library" not in pdf.content  # register entries are counted, never listed


def test_a_report_asked_for_on_the_page_shows_its_progress_then_the_download(
    people, django_capture_on_commit_callbacks
):
    client = client_for(people.sponsor)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            "/insights/reports/new/", {"community": [people.open_community.slug]}
        )
    report = Report.objects.get()

    waiting = client.get(response["Location"]).content.decode()
    services.write_report(str(report.pk))
    polled = client.get(f"/insights/reports/{report.pk}/progress/", headers={"HX-Request": "true"})

    assert 'hx-get="/insights/reports/' in waiting and "<progress" in waiting
    assert polled["HX-Refresh"] == "true"
    assert client.get(f"/insights/reports/{report.pk}/pdf/").content.startswith(b"%PDF")


def test_a_report_not_yet_written_cannot_be_downloaded(people, api_as):
    report = services.request_report(
        actor=people.sponsor, communities=[people.open_community], period=Period.checked(None, None)
    )

    assert (
        api_as(people.sponsor).get(f"/api/v1/insights/reports/{report.pk}/pdf").status_code == 404
    )
    assert (
        api_as(people.sponsor).get(f"/api/v1/insights/reports/{report.pk}").json()["pdf_url"]
        is None
    )


def test_writing_a_report_twice_writes_it_once(people):
    report = services.request_report(
        actor=people.sponsor, communities=[people.open_community], period=Period.checked(None, None)
    )
    services.write_report(str(report.pk))
    report.refresh_from_db()
    first = _pdf(report)

    services.write_report(str(report.pk))
    report.refresh_from_db()

    assert _pdf(report) == first and report.status == Report.Status.READY


def test_a_report_that_cannot_be_written_fails_with_a_reason(people, monkeypatch):
    report = services.request_report(
        actor=people.sponsor, communities=[people.open_community], period=Period.checked(None, None)
    )
    monkeypatch.setattr("convene.insights.reports.render_pdf", lambda *a, **k: 1 / 0)

    services.write_report(str(report.pk))
    report.refresh_from_db()

    assert report.status == Report.Status.FAILED
    assert "ask for it again" in report.failure
    assert report.pdf is None


def test_a_report_leaves_out_a_community_its_reader_may_no_longer_see(people):
    sponsor = make_person("Sam Sponsor")
    people.open_community.sponsor = sponsor
    people.open_community.save()
    report = services.request_report(
        actor=sponsor, communities=[people.open_community], period=Period.checked(None, None)
    )
    people.open_community.sponsor = people.sponsor
    people.open_community.save()

    services.write_report(str(report.pk))
    report.refresh_from_db()

    assert b"Open Circle" not in _pdf(report)
    assert b"no communities" in _pdf(report)


def test_nobody_else_sees_or_downloads_your_report(people, api_as):
    report = services.request_report(
        actor=people.sponsor, communities=[people.open_community], period=Period.checked(None, None)
    )
    services.write_report(str(report.pk))

    assert api_as(people.executive).get(f"/api/v1/insights/reports/{report.pk}").status_code == 404
    assert (
        api_as(people.executive).get(f"/api/v1/insights/reports/{report.pk}/pdf").status_code == 404
    )
    assert client_for(people.admin).get(f"/insights/reports/{report.pk}/").status_code == 404


def _pdf(report: Report) -> bytes:
    assert report.pdf is not None
    return bytes(report.pdf)
