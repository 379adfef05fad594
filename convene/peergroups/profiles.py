"""Turn people's profiles into what the diversity measure compares, in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from convene.peergroups.diversity import Profile, perspective_words
from convene.people.models import User, UserQuerySet
from convene.people.tenure import tenure_band

LEVEL_ORDER = {level: index for index, level in enumerate(User.Level.values)}


def with_profiles(people: UserQuerySet) -> UserQuerySet:
    """Select what `profile_of` reads, so a list of any length costs two queries."""
    return people.select_related("org_unit").prefetch_related("expertise")


def profile_of(person: User, today: datetime.date) -> Profile:
    return Profile(
        function=person.org_unit.function_id if person.org_unit else None,
        level=LEVEL_ORDER.get(person.level),
        site=person.site_id,
        tenure_band=tenure_band(person.started_on, today),
        expertise=frozenset(e.name for e in person.expertise.all()),
        perspectives=perspective_words(person.perspectives),
    )


def profiles_of(people: Iterable[User], today: datetime.date) -> dict[int, Profile]:
    return {person.pk: profile_of(person, today) for person in people}
