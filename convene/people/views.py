from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.vary import vary_on_headers

from convene.api.forms import TokenForm
from convene.communities.models import Community, Membership
from convene.discussions.feeds import feed_key_for
from convene.lib.http import AuthenticatedRequest
from convene.people import services
from convene.people.access import get_person_for_user
from convene.people.forms import DirectoryFilterForm, ProfileForm
from convene.people.models import User

DIRECTORY_PAGE_SIZE = 40


@login_required
@vary_on_headers("HX-Request")
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    people = User.objects.visible_to(request.user).for_directory()
    if form.is_bound and form.is_valid():
        people = form.filter(people)
    elif form.is_bound:
        people = people.none()
    page = Paginator(people, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "people/_person_results.html" if partial else "people/person_list.html"
    return render(request, template, {"form": form, "page": page})


@login_required
def person_detail(request: AuthenticatedRequest, handle: str) -> HttpResponse:
    person = get_person_for_user(request.user, handle)
    is_self = person.pk == request.user.pk
    shared = Community.objects.visible_to(request.user)
    memberships = (
        Membership.objects.current()
        .filter(user=person, community__in=shared)
        .select_related("community")
        .order_by("community__name")
    )
    context = {
        "person": person,
        "is_self": is_self,
        "memberships": memberships,
        "reports": person.reports.active().order_by("full_name") if is_self else None,
        "tokens": request.user.api_tokens.active() if is_self else None,
        "token_form": TokenForm() if is_self else None,
        "new_api_token": request.session.pop("new_api_token", None) if is_self else None,
        "feed_key": feed_key_for(request.user) if is_self else None,
    }
    return render(request, "people/person_detail.html", context)


@login_required
def profile_edit(request: AuthenticatedRequest) -> HttpResponse:
    # A copy, so a rejected edit never shows on the rest of the page.
    person = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=person)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProfileForm.Meta.fields}
        services.update_profile(
            actor=request.user,
            person=person,
            fields=fields,
            expertise=form.cleaned_data["expertise_names"],
        )
        messages.success(request, "Your profile is saved.")
        return redirect(person)
    return render(request, "people/profile_edit.html", {"form": form})
