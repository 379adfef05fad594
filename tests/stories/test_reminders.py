"""Unfinished stories remind their author on the day chosen, once, with a link to go on."""

from __future__ import annotations

import datetime

import time_machine
from django.core.management import call_command

from convene.notifications.models import Notification
from convene.stories import services
from convene.stories.services import StepDraft
from tests.stories.conftest import make_story

START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
DUE = datetime.datetime(2027, 2, 2, 9, 0, tzinfo=datetime.UTC)


def run() -> str:
    from io import StringIO

    out = StringIO()
    call_command("remind_stories", stdout=out)
    return out.getvalue()


def test_the_author_is_reminded_once_when_the_day_comes(people):
    with time_machine.travel(START, tick=False):
        story = make_story(people.member, aspirational_ending="The hand-over improves.")
    with time_machine.travel(DUE - datetime.timedelta(days=1), tick=False):
        assert run() == "Reminded the authors of 0 stories.\n"
    with time_machine.travel(DUE, tick=False):
        assert run() == "Reminded the authors of 1 story.\n"
        assert run() == "Reminded the authors of 0 stories.\n"
    notification = Notification.objects.get(recipient=people.member)
    assert notification.url == f"{story.get_absolute_url()}#add-step"
    assert story.title in notification.message


def test_a_finished_story_is_not_reminded(people):
    with time_machine.travel(START, tick=False):
        story = make_story(people.member, aspirational_ending="The hand-over improves.")
        services.add_step(actor=people.member, story=story, draft=StepDraft("realised", "It did."))
    with time_machine.travel(DUE, tick=False):
        run()
    assert not Notification.objects.exists()


def test_choosing_a_new_day_reminds_again_on_it(people):
    with time_machine.travel(START, tick=False):
        story = make_story(people.member, aspirational_ending="The hand-over improves.")
    with time_machine.travel(DUE, tick=False):
        run()
        story.refresh_from_db()
        services.edit_story(
            actor=people.member,
            story=story,
            title=story.title,
            community=None,
            sharing=services.Sharing(),
            aspirational_ending=story.aspirational_ending,
            remind_on=datetime.date(2027, 3, 1),
        )
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        run()
    assert Notification.objects.filter(recipient=people.member).count() == 2


def test_a_story_without_a_reminder_day_is_left_alone(people):
    make_story(people.member)
    with time_machine.travel(DUE, tick=False):
        assert run() == "Reminded the authors of 0 stories.\n"
