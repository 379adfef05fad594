"""Background work of insights: writing an executive report.

The task may run more than once for the same report and writes it once: it
acts only on a report still waiting.
"""

from __future__ import annotations

from django.tasks import task


@task
def write_report(report_id: str) -> None:
    from convene.insights import services

    services.write_report(report_id)
