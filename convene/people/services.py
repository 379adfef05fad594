"""Workflows on people's own records."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from convene.audit.models import record
from convene.people.models import Expertise, User


@transaction.atomic
def update_profile(
    *, actor: User, person: User, fields: dict[str, str], expertise: list[str]
) -> User:
    """Save a person's own profile, creating expertise tags as needed."""
    if actor.pk != person.pk:
        raise PermissionDenied("People edit only their own profile.")
    for name, value in fields.items():
        setattr(person, name, value)
    person.save(update_fields=list(fields))
    person.expertise.set([_expertise(name) for name in expertise])
    record(actor, "person.profile_updated", person)
    return person


def _expertise(name: str) -> Expertise:
    slug = slugify(name)[:60]
    existing = Expertise.objects.filter(Q(name__iexact=name) | Q(slug=slug)).first()
    return existing or Expertise.objects.create(name=name, slug=slug)
