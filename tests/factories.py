"""Small builders for test data. Each makes the least a test needs and returns it."""

from __future__ import annotations

import itertools
from typing import Any

from convene.communities.models import Community, Membership
from convene.people.models import Expertise, Function, OrgUnit, Site, User

_numbers = itertools.count(1)


def make_person(name: str | None = None, **fields: Any) -> User:
    number = next(_numbers)
    name = name or f"Person {number}"
    email = fields.pop("email", f"{name.lower().replace(' ', '.')}.{number}@example.org")
    fields.setdefault("job_title", "Team leader")
    return User.objects.create_user(email=email, password="pw", full_name=name, **fields)


def make_function(name: str = "Operations") -> Function:
    return Function.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0]


def make_site(name: str = "Leeds") -> Site:
    return Site.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0]


def make_unit(name: str = "Fleet", function: Function | None = None) -> OrgUnit:
    return OrgUnit.objects.get_or_create(name=name, function=function or make_function())[0]


def make_expertise(name: str = "Coaching") -> Expertise:
    return Expertise.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0]


def make_community(
    name: str | None = None,
    *,
    private: bool = False,
    convenor: User | None = None,
    members: list[User] | tuple[User, ...] = (),
    sponsor: User | None = None,
) -> Community:
    number = next(_numbers)
    name = name or f"Community {number}"
    community = Community.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-").replace("'", ""),
        purpose=f"{name} practises leadership together.",
        visibility=Community.Visibility.PRIVATE if private else Community.Visibility.OPEN,
        sponsor=sponsor,
    )
    if convenor:
        Membership.objects.create(community=community, user=convenor, role="convenor")
    for member in members:
        Membership.objects.create(community=community, user=member)
    return community
