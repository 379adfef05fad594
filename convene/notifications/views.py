from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from convene.lib.http import AuthenticatedRequest
from convene.notifications import services
from convene.notifications.access import get_notification_for_user
from convene.notifications.forms import PreferenceForm
from convene.notifications.models import Notification, Preference
from convene.notifications.services import NotificationError

PAGE_SIZE = 40


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    notifications = Notification.objects.for_user(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
def notification_open(request: AuthenticatedRequest, notification_id: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, notification_id)
    services.mark_read(actor=request.user, notification=notification)
    # Links come from Convene's own code, but a redirect must never leave the site.
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect("notifications:notification_list")
    return redirect(notification.url)


@login_required
@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("notifications:notification_list")


@login_required
def preference_edit(request: AuthenticatedRequest) -> HttpResponse:
    initial = {"email": Preference.email_for(request.user)}
    form = PreferenceForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.set_preference(actor=request.user, email=form.cleaned_data["email"])
        except NotificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved.")
            return redirect("notifications:preference_edit")
    return render(request, "notifications/preference_form.html", {"form": form})
