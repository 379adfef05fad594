"""Background work of projects: telling people about proposals, decisions and the team's news.

The task may run more than once for the same event and tells each person once:
every notification is keyed by the project and the event.
"""

from __future__ import annotations

from django.tasks import task


@task
def tell_about_project(
    project_id: str, event: str, actor_id: int | None, detail: str, recipient_id: int | None
) -> None:
    from convene.projects import services

    services.tell_about_project(project_id, event, actor_id, detail, recipient_id)
