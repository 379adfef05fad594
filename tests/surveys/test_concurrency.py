"""Fifteen members each pressing "Send" three times at once; and what the receipt prevents.

Needs real concurrent transactions, so it runs on PostgreSQL only.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from convene.surveys import services
from convene.surveys.models import Receipt, Response, Survey
from convene.surveys.services import SurveyError
from tests.conftest import on_postgres
from tests.elections.test_concurrency import run_together
from tests.factories import make_community, make_person
from tests.surveys.conftest import custom_survey, good_answers, opened

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres(),
        reason="needs PostgreSQL: SQLite serialises every write, so nothing runs concurrently",
    ),
    pytest.mark.django_db(transaction=True),
]

MEMBERS = 15
TRIES = 3
CONNECTIONS = 15  # well under the 20 simultaneous connections allowed to one test


def _survey_with_members(count: int):
    convenor = make_person("Pulse Convenor")
    members = [make_person(f"Pulse Member {n}") for n in range(count)]
    community = make_community("Pulse Circle", convenor=convenor, members=members)
    return opened(custom_survey(convenor, community), convenor), members


def test_fifteen_members_answering_three_times_at_once_leave_fifteen_responses():
    survey, members = _survey_with_members(MEMBERS)
    answers = good_answers(survey)

    def answer(member):
        return lambda: services.respond(survey=survey, actor=member, answers=answers)

    outcomes = run_together(
        [answer(member) for member in members for _ in range(TRIES)], CONNECTIONS
    )
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert all(isinstance(error, SurveyError) for error in errors), errors[:3]
    assert all("already answered" in str(error) for error in errors)
    assert len(errors) == MEMBERS * (TRIES - 1)
    assert Receipt.objects.filter(survey=survey).count() == MEMBERS
    assert Response.objects.filter(survey=survey).count() == MEMBERS
    assert set(Receipt.objects.values_list("person", flat=True)) == {m.pk for m in members}


def test_without_the_unique_receipt_a_check_then_insert_would_store_duplicates():
    """The negative control: the same three submissions, checked then written with no
    constraint to stop them, each see no earlier response and each write one."""
    survey, members = _survey_with_members(5)
    checked = {member.pk: threading.Barrier(TRIES) for member in members}

    def naive(member):
        def submit():
            with transaction.atomic():
                seen = Response.objects.filter(survey=survey, groups__marker=member.pk).exists()
                checked[member.pk].wait(timeout=10)  # all three have looked before any writes
                if not seen:
                    Response.objects.create(survey=survey, groups={"marker": member.pk})

        return submit

    threads = []
    for member in members:
        for _ in range(TRIES):
            threads.append(threading.Thread(target=_closing_connection(naive(member))))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert Response.objects.filter(survey=survey).count() == len(members) * TRIES


def _closing_connection(call):
    def run():
        try:
            call()
        finally:
            connection.close()

    return run


XID_WINDOW = 100_000


def _xmin_links(survey_id) -> int:
    """Responses with a receipt written in their own transaction or just after it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "select count(distinct s.id) from surveys_response s join surveys_receipt r"
            " on r.xmin::text::bigint - s.xmin::text::bigint between 0 and %s"
            " where s.survey_id = %s",
            [XID_WINDOW, survey_id],
        )
        return cursor.fetchone()[0]


def test_after_the_close_no_response_shares_a_transaction_with_a_receipt():
    survey, members = _survey_with_members(8)
    for member in members:
        services.respond(survey=survey, actor=member, answers=good_answers(survey))
    # While the survey is open, a response and its receipt share a transaction: the honest
    # limit, and proof that the check sees such links.
    assert _xmin_links(survey.pk) == len(members)
    services.close_survey(actor=None, survey=survey)
    assert _xmin_links(survey.pk) == 0
    assert Response.objects.filter(survey=survey).count() == len(members)


def test_the_daily_run_unlinks_the_responses_of_a_survey_that_never_closes():
    survey, members = _survey_with_members(6)
    Survey.objects.filter(pk=survey.pk).update(closes_at=None)
    for member in members:
        services.respond(survey=survey, actor=member, answers=good_answers(survey))
    assert _xmin_links(survey.pk) == len(members)
    assert services.run_schedules(timezone.localdate())["unlinked"] == 1
    assert _xmin_links(survey.pk) == 0
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    assert Response.objects.filter(survey=survey).count() == len(members)
