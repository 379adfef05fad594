"""The one way views and the API fetch a person for the person asking."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from convene.people.models import User


def get_person_for_user(user: User | AnonymousUser, handle: str) -> User:
    people = User.objects.visible_to(user).for_directory().select_related("line_manager")
    return get_object_or_404(people, handle=handle)
