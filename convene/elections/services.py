"""Workflows of elections: terms, nominations, secret ballots, the count and the handover.

An election opens with a nomination window and a voting window, both set by
the community's convenors, co-convenors or an administrator; one who stands
as a candidate can no longer change anything about it. Members nominate
themselves or one another, nominees accept, and members vote once each in
secret. At the close the ballots are counted by `convene.elections.tally`,
and the winner takes office when their term starts, through the same role
change a convenor would make by hand.

A vote writes a Receipt (who voted) and a Ballot (how, with nothing that
says whose) in one transaction, under a lock on the election row: the close
takes the same lock, so no ballot can land after the count, and the unique
receipt refuses a second vote even from simultaneous submissions.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from convene.audit.models import record
from convene.communities import services as communities
from convene.communities.models import Community, Membership
from convene.elections import tally, tasks
from convene.elections.models import (
    HORIZON,
    REASON_LIMIT,
    STATEMENT_LIMIT,
    Ballot,
    Election,
    Nomination,
    Receipt,
    Term,
    TermPolicy,
)
from convene.lib.dates import add_months
from convene.notifications.models import Notification
from convene.notifications.services import notify
from convene.people.models import User

Phase = Election.Phase
NOMINATION_DAYS = 14
VOTING_DAYS = 10


class ElectionError(Exception):
    """A change to elections that the rules do not allow; the message says why."""


# -- Reading rules -------------------------------------------------------------


def members(community: Community) -> QuerySet[User]:
    """The community's current members with active accounts: who may vote, stand and be
    counted in the quorum, by name."""
    current = Membership.objects.current().filter(community=community).values("user")
    return User.objects.filter(pk__in=current, is_active=True).order_by("full_name")


def is_member(user: User, community: Community) -> bool:
    return user.is_authenticated and members(community).filter(pk=user.pk).exists()


def is_candidate(user: User, election: Election) -> bool:
    return election.nominations.filter(
        nominee=user, status__in=[Nomination.Status.PENDING, Nomination.Status.ACCEPTED]
    ).exists()


def can_run(user: User, community: Community, election: Election | None = None) -> bool:
    """Leaders and administrators run elections, unless they stand in this one."""
    if not community.can_manage(user):
        return False
    return election is None or not is_candidate(user, election)


def candidates(election: Election) -> list[Nomination]:
    return list(election.nominations.accepted().select_related("nominee"))


# -- Terms ---------------------------------------------------------------------


@transaction.atomic
def set_term_policy(
    *, actor: User, community: Community, term_months: int, quorum_percent: int, reminder_days: int
) -> TermPolicy:
    """Set how long convenors serve, the quorum, and when the next nominations open."""
    if not can_run(actor, community):
        raise ElectionError("Only the community's convenors or an administrator can do that.")
    policy = TermPolicy.for_community(community)
    policy.term_months, policy.quorum_percent = term_months, quorum_percent
    policy.reminder_days = reminder_days
    try:
        policy.full_clean()
    except ValidationError as error:
        raise ElectionError(" ".join(error.messages)) from None
    policy.save()
    record(actor, "elections.policy_set", community, term_months=term_months)
    return policy


def current_term(community: Community) -> Term | None:
    return Term.objects.filter(community=community).in_office().select_related("person").first()


def keep_terms_in_step(community: Community, today: datetime.date | None = None) -> Term | None:
    """Make the term record follow who convenes, when roles were changed by hand.

    A convenor with no term on record (appointed when the community was founded, or by a
    role change) gets an appointed term from today, of the policy's length, so the history
    shows them and the next election is prepared in time. A term whose holder is no longer
    convenor ends early. Idempotent: the daily command and the elections pages call it.
    """
    today = today or timezone.localdate()
    term = current_term(community)
    convenors = community.memberships.current().convenors()
    if term is not None and convenors.filter(user=term.person).exists():
        return term
    if term is None and not convenors.exists():
        return None
    with transaction.atomic():
        # The community's lock, so two page views at once record one term, not two.
        Community.objects.select_for_update().filter(pk=community.pk).first()
        return _step_terms(community, today)


def _step_terms(community: Community, today: datetime.date) -> Term | None:
    term = current_term(community)
    convenors = community.memberships.current().convenors().select_related("user")
    if term is not None and convenors.filter(user=term.person).exists():
        return term
    if term is not None and not _end_term_early(term, today):
        return term
    if Term.objects.filter(community=community).due_for_handover(today).exists():
        return None  # an elected term starts today: its handover names the convenor
    convenor = convenors.order_by("joined_at").first()
    if convenor is None:
        return None
    policy = TermPolicy.for_community(community)
    term = Term.objects.create(
        community=community,
        person=convenor.user,
        starts_on=today,
        ends_on=add_months(today, policy.term_months) - datetime.timedelta(days=1),
        how=Term.How.APPOINTMENT,
        took_office_at=timezone.now(),
    )
    record(None, "election.term_recorded", community, person=convenor.user_id)
    return term


def _end_term_early(term: Term, today: datetime.date) -> bool:
    """End a term whose holder stepped down; an elected term that began today ends tomorrow."""
    if term.starts_on < today:
        term.ends_on = today - datetime.timedelta(days=1)
        term.save(update_fields=["ends_on"])
    elif term.how == Term.How.APPOINTMENT:
        term.delete()  # recorded today and over the same day: it never ran
    else:
        return False
    record(None, "election.term_ended_early", term.community, person=term.person_id)
    return True


# -- Opening -------------------------------------------------------------------


@transaction.atomic
def open_election(
    *,
    actor: User | None,
    community: Community,
    voting_opens_at: datetime.datetime,
    voting_closes_at: datetime.datetime,
    method: str = Election.Method.RANKED,
    term_starts_on: datetime.date | None = None,
    quorum_percent: int | None = None,
) -> Election:
    """Open nominations now and set the voting window; put the co-convenor forward.

    `actor` is None when the scheduled command opens the window as a term ends.
    """
    community = Community.objects.select_for_update().get(pk=community.pk)
    if actor is not None and not can_run(actor, community):
        raise ElectionError("Only the community's convenors or an administrator can do that.")
    if Election.objects.filter(community=community).not_closed().exists():
        raise ElectionError("This community already has an election under way.")
    if method not in Election.Method.values:
        raise ElectionError("Choose ranked choice or approval voting.")
    now = timezone.now()
    _check_windows(now, voting_opens_at, voting_closes_at)
    policy = TermPolicy.for_community(community)
    if quorum_percent is not None and not 1 <= quorum_percent <= 100:
        raise ElectionError("The quorum is a share of members from 1% to 100%.")
    starts_on = term_starts_on or _next_term_start(community, voting_closes_at)
    if starts_on < voting_closes_at.date():
        raise ElectionError("The new term cannot start before voting closes.")
    if starts_on > (now + HORIZON).date():
        raise ElectionError("The new term must start within five years.")
    election = Election.objects.create(
        community=community,
        method=method,
        nominations_open_at=now,
        voting_opens_at=voting_opens_at,
        voting_closes_at=voting_closes_at,
        quorum_percent=policy.quorum_percent if quorum_percent is None else quorum_percent,
        term_starts_on=starts_on,
        term_ends_on=add_months(starts_on, policy.term_months) - datetime.timedelta(days=1),
        seed=secrets.token_hex(16),
        opened_by=actor,
    )
    _nominate_successor(election)
    record(
        actor,
        "election.opened",
        election,
        community=community.slug,
        seed_commitment=election.seed_commitment,
    )
    _tell_members(election, actor, "opened", f"Nominations are open for {community}'s convenor")
    return election


@transaction.atomic
def set_voting_window(
    *,
    actor: User,
    election: Election,
    voting_opens_at: datetime.datetime,
    voting_closes_at: datetime.datetime,
) -> Election:
    """Move the voting window, only while nominations are still open."""
    election = _lock(election)
    _require_runner(actor, election)
    now = timezone.now()
    if election.phase(now) != Phase.NOMINATING:
        raise ElectionError("Once voting has opened, its window can no longer change.")
    _check_windows(now, voting_opens_at, voting_closes_at)
    if election.term_starts_on < voting_closes_at.date():
        raise ElectionError("Voting must close before the new term starts.")
    election.voting_opens_at, election.voting_closes_at = voting_opens_at, voting_closes_at
    election.save(update_fields=["voting_opens_at", "voting_closes_at"])
    record(actor, "election.window_set", election, closes=voting_closes_at.isoformat())
    return election


# -- Nominations ---------------------------------------------------------------


@transaction.atomic
def nominate(*, actor: User, election: Election, nominee: User, statement: str = "") -> Nomination:
    """Put a member forward; nominating yourself is accepting at once, with your statement."""
    # Under the election's lock, so no nomination lands as voting opens or the window moves.
    election = _lock(election)
    _require_phase(election, Phase.NOMINATING, "Nominations are closed.")
    _require_member(actor, election.community, "Only members can nominate.")
    if not is_member(nominee, election.community):
        raise ElectionError(f"{nominee} is not a member of {election.community}.")
    own = actor.pk == nominee.pk
    statement = _clean(statement, STATEMENT_LIMIT, "statement")
    if statement and not own:
        # Refused rather than dropped, so no one's words are lost without telling them.
        raise ElectionError(
            f"A statement is the candidate's own: {nominee} can add one when they accept."
        )
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                election=election,
                nominee=nominee,
                nominated_by=actor,
                status=Nomination.Status.ACCEPTED if own else Nomination.Status.PENDING,
                statement=statement if own else "",
                responded_at=timezone.now() if own else None,
            )
    except IntegrityError:
        raise ElectionError(f"{nominee} has already been nominated.") from None
    record(actor, "election.nominated", election, nominee=nominee.pk)
    if not own:
        _ask_nominee(nomination, actor)
    return nomination


@transaction.atomic
def respond_to_nomination(
    *, actor: User, nomination: Nomination, accept: bool, statement: str = ""
) -> Nomination:
    """Accept (with an optional statement) or decline a nomination, while nominations are open."""
    if nomination.nominee_id != actor.pk:
        raise ElectionError("Only the nominee can answer a nomination.")
    election = _lock(nomination.election)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    nomination.election = election
    _require_phase(election, Phase.NOMINATING, "Nominations are closed.")
    if accept:
        _require_member(
            actor, election.community, f"You are no longer a member of {election.community}."
        )
    nomination.status = Nomination.Status.ACCEPTED if accept else Nomination.Status.DECLINED
    nomination.statement = _clean(statement, STATEMENT_LIMIT, "statement") if accept else ""
    nomination.responded_at = timezone.now()
    nomination.save(update_fields=["status", "statement", "responded_at"])
    record(actor, f"election.nomination_{nomination.status}", nomination.election)
    return nomination


# -- Voting --------------------------------------------------------------------


@transaction.atomic
def cast_ballot(
    *,
    actor: User,
    election: Election,
    choices: Sequence[str] = (),
    consent: str = "",
    reason: str = "",
) -> Receipt:
    """Vote once, in secret: a receipt that you voted and a ballot that says nothing of whom.

    `choices` are candidates' nomination ids, in order of preference for a
    ranked election; the approved ones for approval. A consent round takes
    `consent` (support, abstain or object) and, for an objection, a reason.
    """
    # The close takes this lock too, so a ballot lands before the count or not at all.
    election = _lock(election)
    _require_phase(election, Phase.VOTING, _closed_message(election))
    _require_member(actor, election.community, "Only members of the community can vote.")
    ballot = _valid_ballot(election, list(choices), consent, reason)
    try:
        with transaction.atomic():
            receipt = Receipt.objects.create(election=election, voter=actor)
    except IntegrityError:  # voted before, or a simultaneous submission won
        raise ElectionError("You have already voted in this election.") from None
    ballot.save(force_insert=True)
    # That they voted, never how: the record holds no choice. Written after the commit, in a
    # transaction of its own, so it shares no transaction id (PostgreSQL's xmin) with the ballot.
    transaction.on_commit(lambda: record(actor, "election.voted", election))
    return receipt


def _valid_ballot(election: Election, choices: list[str], consent: str, reason: str) -> Ballot:
    standing = [str(n.pk) for n in election.nominations.accepted()]
    kind = election.ballot_kind(len(standing))
    if not standing:
        raise ElectionError("There are no candidates to vote for.")
    if kind == "consent":
        if consent not in Ballot.Consent.values:
            raise ElectionError("Choose support, abstain or object.")
        reason = _clean(reason, REASON_LIMIT, "reason")
        if consent == Ballot.Consent.OBJECT and not reason:
            raise ElectionError("Give a reason for your objection.")
        return Ballot(election=election, consent=consent, reason=reason)
    try:
        tally.check_ranking(standing, choices)
    except tally.BallotError as error:
        raise ElectionError(str(error)) from None
    if not choices:
        message = "Rank at least one candidate." if kind == "ranked" else "Approve a candidate."
        raise ElectionError(message)
    # Approval sets are stored sorted, so their order reveals nothing of how they were ticked.
    return Ballot(election=election, choices=choices if kind == "ranked" else sorted(choices))


# -- Closing and handover ------------------------------------------------------


@transaction.atomic
def close_election(*, actor: User | None, election: Election) -> Election:
    """Count the ballots once voting has ended, publish the result and arrange the handover.

    No one, whatever their role, can close before the window ends or change
    the count: it is a pure function of the ballots and the published seed.
    """
    election = _lock(election)
    if actor is not None:
        _require_runner(actor, election)
    if election.is_closed:
        raise ElectionError("This election has already been counted.")
    now = timezone.now()
    if election.phase(now) != Phase.COUNTING:
        raise ElectionError("Voting is still open: the count happens when it closes.")
    _rewrite_ballots(election)
    standing = candidates(election)
    result = count(election, standing)
    election.electorate = members(election.community).count()
    election.turnout = election.receipts.count()
    election.result = result.as_dict()
    election.outcome = _outcome(election, result, standing)
    winner = next((n.nominee for n in standing if str(n.pk) == result.winner), None)
    election.winner = winner if election.outcome == Election.Outcome.ELECTED else None
    election.status, election.closed_at = Election.Status.CLOSED, now
    election.save(
        update_fields=[
            "electorate",
            "turnout",
            "result",
            "outcome",
            "winner",
            "status",
            "closed_at",
        ]
    )
    record(
        actor,
        "election.closed",
        election,
        outcome=election.outcome,
        turnout=election.turnout,
        seed=election.seed,
    )
    if election.winner is not None:
        term = Term.objects.create(
            community=election.community,
            person=election.winner,
            starts_on=election.term_starts_on,
            ends_on=election.term_ends_on,
            how=Term.How.ELECTION,
            election=election,
        )
        if term.starts_on <= timezone.localdate():
            _try_hand_over(term)
    _tell_members(election, actor, "closed", f"The result of {election.community}'s election")
    return election


def _rewrite_ballots(election: Election) -> None:
    """Write the ballots again, shuffled and with new random ids, inside the close.

    Each ballot was written in the same transaction as its voter's receipt, so on PostgreSQL
    its hidden transaction id (xmin) matched the receipt's, and its physical place (ctid, or
    SQLite's rowid) followed the order of voting. Rewritten together in one transaction and
    a random order, the ballots keep their choices and lose both links. The old row versions
    stay on disk until the next VACUUM.
    """
    ballots = list(election.ballots.all())
    random.SystemRandom().shuffle(ballots)
    election.ballots.all().delete()
    Ballot.objects.bulk_create(
        Ballot(election=election, choices=b.choices, consent=b.consent, reason=b.reason)
        for b in ballots
    )


def count(election: Election, standing: Sequence[Nomination]) -> tally.Result:
    ids = [str(n.pk) for n in standing]
    ballots = list(election.ballots.order_by("id"))
    kind = election.ballot_kind(len(ids))
    if kind == "consent":
        return tally.consent(ids[0], [b.consent for b in ballots])
    counter = tally.instant_runoff if kind == "ranked" else tally.approval
    return counter(ids, [b.choices for b in ballots], election.seed)


@transaction.atomic
def hand_over(term: Term) -> Term:
    """Put a term's holder in office: they become convenor, and the convenors before step down.

    Uses the community's own role change, acting for the outgoing convenor,
    so the membership history reads as any handover would.
    """
    term = Term.objects.select_for_update().select_related("community", "person").get(pk=term.pk)
    if term.took_office_at is not None:
        return term
    community = term.community
    outgoing = list(
        community.memberships.current().convenors().exclude(user=term.person).select_related("user")
    )
    handing = outgoing[0].user if outgoing else term.person
    if not is_member(term.person, community):
        raise ElectionError(f"{term.person} is no longer a member of {community}.")
    current = community.memberships.current().get(user=term.person)
    if current.role != Membership.Role.CONVENOR:
        communities.change_role(
            actor=handing, community=community, member=term.person, role=Membership.Role.CONVENOR
        )
    for membership in outgoing:
        communities.change_role(
            actor=term.person, community=community, member=membership.user, role="member"
        )
    others = Term.objects.filter(community=community).exclude(pk=term.pk)
    others.filter(ends_on__gte=term.starts_on, starts_on__lt=term.starts_on).update(
        ends_on=term.starts_on - datetime.timedelta(days=1)
    )
    # A term recorded for a convenor appointed by hand on the day this one starts never ran.
    others.filter(how=Term.How.APPOINTMENT, starts_on__gte=term.starts_on).delete()
    term.took_office_at = timezone.now()
    term.save(update_fields=["took_office_at"])
    record(None, "election.handed_over", community, person=term.person.pk)
    return term


# -- Scheduled work ------------------------------------------------------------


def run_due(*, today: datetime.date | None = None) -> dict[str, int]:
    """Close elections whose voting has ended, hand over terms that have started, and open
    nominations where a term is about to end. Idempotent: run it as often as you like."""
    today = today or timezone.localdate()
    done = {"closed": 0, "handed_over": 0, "opened": 0}
    convened = Membership.objects.current().convenors().values("community")
    for community in Community.objects.filter(
        Q(pk__in=convened) | Q(terms__isnull=False)
    ).distinct():
        keep_terms_in_step(community, today)
    for election in Election.objects.due_to_close().select_related("community"):
        try:
            close_election(actor=None, election=election)
        except ElectionError:
            continue  # a leader counted it a moment ago
        done["closed"] += 1
    for term in Term.objects.due_for_handover(today):
        done["handed_over"] += _try_hand_over(term)
    for term in _terms_ending_soon(today):
        if _open_for_next_term(term):
            done["opened"] += 1
    return done


def _try_hand_over(term: Term) -> bool:
    """Hand over if the rules allow; a winner who has left waits for the leaders to decide,
    and the count stands."""
    try:
        # A savepoint, so a refused handover leaves the close or the command's run intact.
        with transaction.atomic():
            hand_over(term)
    except (ElectionError, communities.CommunityError) as error:
        _tell_leaders_handover_refused(term, str(error))
        return False
    return True


def handover_refused(election: Election) -> Term | None:
    """The elected term whose holder could not take office because they left, if any."""
    term = Term.objects.filter(election=election).select_related("person").first()
    if term is None or term.took_office_at is not None or term.starts_on > timezone.localdate():
        return None
    return None if is_member(term.person, election.community) else term


def _tell_leaders_handover_refused(term: Term, reason: str) -> None:
    """Tell the leaders and administrators, once, that the winner could not take office."""
    community = term.community
    leaders = community.memberships.current().leaders().values("user")
    for person in User.objects.filter(Q(pk__in=leaders) | Q(is_administrator=True)):
        notify(
            recipient=person,
            actor=None,
            kind=Notification.Kind.ELECTION,
            message=f"{reason} The election's winner cannot take office: open a new election.",
            url=term.election.get_absolute_url() if term.election else community.get_absolute_url(),
            key=f"election:handover-refused:{term.pk}",
            community=community,
        )


def _terms_ending_soon(today: datetime.date) -> list[Term]:
    terms = Term.objects.in_office(today).select_related("community", "person")
    due = []
    for term in terms:
        policy = TermPolicy.for_community(term.community)
        if term.ends_on - datetime.timedelta(days=policy.reminder_days) <= today:
            due.append(term)
    return due


def _open_for_next_term(term: Term) -> bool:
    next_start = term.ends_on + datetime.timedelta(days=1)
    community = term.community
    if Election.objects.filter(community=community).filter(term_starts_on=next_start).exists():
        return False
    if Election.objects.filter(community=community).not_closed().exists():
        return False
    now = timezone.now()
    closes = now + datetime.timedelta(days=NOMINATION_DAYS + VOTING_DAYS)
    if closes.date() >= next_start:
        closes = timezone.make_aware(
            datetime.datetime.combine(next_start - datetime.timedelta(days=1), datetime.time(12))
        )
    opens = now + (closes - now) * NOMINATION_DAYS / (NOMINATION_DAYS + VOTING_DAYS)
    try:
        election = open_election(
            actor=None,
            community=community,
            voting_opens_at=opens,
            voting_closes_at=closes,
            term_starts_on=next_start,
        )
    except ElectionError:
        return False
    notify(
        recipient=term.person,
        actor=None,
        kind=Notification.Kind.ELECTION,
        message=f"Your term as convenor of {community} ends on {term.ends_on:%-d %B %Y}",
        url=election.get_absolute_url(),
        key=f"election:term-ending:{term.pk}",
        community=community,
    )
    return True


# -- Helpers -------------------------------------------------------------------


def _next_term_start(community: Community, voting_closes_at: datetime.datetime) -> datetime.date:
    term = current_term(community)
    after_close = timezone.localdate(voting_closes_at) + datetime.timedelta(days=1)
    if term is None:
        return after_close
    return max(term.ends_on + datetime.timedelta(days=1), after_close)


def _check_windows(
    now: datetime.datetime, opens: datetime.datetime, closes: datetime.datetime
) -> None:
    if opens <= now:
        raise ElectionError("Voting must open after nominations, so later than now.")
    if closes <= opens:
        raise ElectionError("Voting must close after it opens.")
    if closes > now + HORIZON:
        raise ElectionError("Voting must close within five years.")


def _outcome(election: Election, result: tally.Result, standing: Sequence[Nomination]) -> str:
    Outcome = Election.Outcome
    if not standing:
        return Outcome.NO_CANDIDATES
    if election.turnout * 100 < election.quorum_percent * election.electorate:
        return Outcome.NO_QUORUM
    if result.winner is None:
        return Outcome.NO_CONSENT if result.method == "consent" else Outcome.NO_WINNER
    return Outcome.ELECTED


def _nominate_successor(election: Election) -> None:
    """The co-convenor is the natural successor: put forward, still free to decline."""
    deputies = election.community.memberships.current().filter(role=Membership.Role.CO_CONVENOR)
    for deputy in deputies.select_related("user"):
        nomination = Nomination.objects.create(election=election, nominee=deputy.user)
        _ask_nominee(nomination, None)


def _ask_nominee(nomination: Nomination, actor: User | None) -> None:
    election = nomination.election
    notify(
        recipient=nomination.nominee,
        actor=actor,
        kind=Notification.Kind.ELECTION,
        message=f"You have been nominated as convenor of {election.community}: please answer",
        url=election.get_absolute_url(),
        key=f"election:nominated:{nomination.pk}",
        community=election.community,
    )


def _tell_members(election: Election, actor: User | None, event: str, message: str) -> None:
    """Notify the members in the background, so opening and closing cost the same however
    many members there are, and hold the election's lock no longer."""
    args = (str(election.pk), actor.pk if actor else None, event, message)
    transaction.on_commit(lambda: tasks.tell_members_about_election.enqueue(*args))


def tell_members_about_election(
    election_id: str, actor_id: int | None, event: str, message: str
) -> None:
    """Notify each current member of an election event; a rerun notifies no one twice."""
    election = Election.objects.select_related("community").filter(pk=election_id).first()
    if election is None:
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    url = election.get_absolute_url()
    for member in members(election.community):
        notify(
            recipient=member,
            actor=actor,
            kind=Notification.Kind.ELECTION,
            message=message,
            url=url,
            key=f"election:{election.pk}:{event}",
            community=election.community,
        )


def _lock(election: Election) -> Election:
    return (
        Election.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=election.pk)
    )


def _require_runner(actor: User, election: Election) -> None:
    if not election.community.can_manage(actor):
        raise ElectionError("Only the community's convenors or an administrator can do that.")
    if is_candidate(actor, election):
        raise ElectionError("You are standing in this election, so others must run it.")


def _require_member(actor: User, community: Community, message: str) -> None:
    if not is_member(actor, community):
        raise ElectionError(message)


def _require_phase(election: Election, phase: str, message: str) -> None:
    if election.phase() != phase:
        raise ElectionError(message)


def _closed_message(election: Election) -> str:
    if election.phase() == Phase.NOMINATING:
        return f"Voting opens on {timezone.localtime(election.voting_opens_at):%-d %B at %H:%M}."
    return "Voting has closed."


def _clean(text: str, limit: int, label: str) -> str:
    text = text.strip()
    if "\x00" in text:
        raise ElectionError(f"The {label} contains a character that cannot be stored.")
    if len(text) > limit:
        raise ElectionError(f"Keep the {label} to {limit} characters.")
    return text
