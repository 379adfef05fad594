"""The demo's executive report: a year of payoffs for the communities David Mensah sponsors.

David (sponsor@northgate.example) finds a finished report waiting on the
reports page, written from the demo's other data exactly as a report he asked
for would be, so the download works before anyone has run the task worker.
Builders for stories, ripples, surveys and values run before this one.
"""

from __future__ import annotations

import datetime

from convene.demo import data
from convene.demo.builders import Demo
from convene.insights import services
from convene.insights.models import Report
from convene.insights.periods import Period

DAVID = "sponsor@northgate.example"


def build_insights(demo: Demo) -> str:
    """Write one ready executive report for the sponsor, over the year to the anchor date."""
    sponsor = demo.person(DAVID)
    communities = [c for c in demo.communities.values() if c.sponsor_id == sponsor.pk]
    period = Period(data.ANCHOR_DATE - datetime.timedelta(days=364), data.ANCHOR_DATE)
    report = services.request_report(actor=sponsor, communities=communities, period=period)
    services.write_report(str(report.pk))
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.failure
    return f"1 executive report for {sponsor} on {len(communities)} communities ({period})"
