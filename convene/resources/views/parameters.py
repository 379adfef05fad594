"""The agreed parameters page: everyone reads them, administrators set them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse

from convene.lib.http import AuthenticatedRequest
from convene.resources import parameters as services
from convene.resources.forms.parameters import CapForm, EnvelopeForm, PeriodForm, RuleForm
from convene.resources.models import Kind, Period
from convene.resources.services import ResourceError

FORMS: dict[str, type[forms.Form]] = {
    "period_create": PeriodForm,
    "period_edit": PeriodForm,
    "envelope": EnvelopeForm,
    "cap": CapForm,
    "rule_add": RuleForm,
}
DONE = {
    "period_create": "The period is created. Set its envelopes, caps and rules next.",
    "period_edit": "The period is saved.",
    "envelope": "The envelope is set.",
    "cap": "The cap is saved.",
    "rule_add": "The approval rule is added.",
}


@login_required
def parameters(request: AuthenticatedRequest) -> HttpResponse:
    """The period's caps, approval rules and the envelopes the person may see."""
    is_admin = services.may_set_parameters(request.user)
    period = _chosen_period(request, is_admin)
    bound: dict[str, forms.Form] = {}
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied("Only administrators set the agreed parameters.")
        result = _change(request, period)
        if isinstance(result, HttpResponse):
            return result
        bound = result
    context = _context(request, period, is_admin, bound)
    template = "resources/parameters/parameters.html"
    return render(request, template, context, status=400 if bound else 200)


def _chosen_period(request: AuthenticatedRequest, is_admin: bool) -> Period | None:
    chosen = request.GET.get("period", "")
    if is_admin and chosen.isdigit():
        return services.get_period_for_user(request.user, int(chosen))
    return services.current_period()


def _change(request: AuthenticatedRequest, period: Period | None) -> HttpResponse | dict[str, Any]:
    """Apply one administrator's change; a page to return to, or the form with its errors."""
    action = request.POST.get("action", "")
    if action == "rule_remove":
        return _remove_rule(request, period)
    if action not in FORMS or (period is None and action != "period_create"):
        raise Http404
    form = _form(action, period, request.POST)
    if form.is_valid():
        try:
            changed = _apply(request, action, period, form.cleaned_data)
        except ResourceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, DONE[action])
            return redirect(_page_of(changed))
    return {action: form}


def _apply(
    request: AuthenticatedRequest, action: str, period: Period | None, data: dict[str, Any]
) -> Period:
    actor = request.user
    if action == "period_create":
        return services.create_period(actor=actor, **data)
    assert period is not None
    if action == "period_edit":
        return services.edit_period(actor=actor, period=period, **data)
    if action == "envelope":
        services.set_envelope(actor=actor, period=period, **data)
    elif action == "cap":
        services.set_cap(actor=actor, period=period, **data)
    else:
        services.add_rule(actor=actor, period=period, **data)
    return period


def _remove_rule(request: AuthenticatedRequest, period: Period | None) -> HttpResponse:
    rule_id = request.POST.get("rule", "")
    if period is None or not rule_id.isdigit():
        raise Http404
    rule = services.get_rule(period, int(rule_id))
    services.remove_rule(actor=request.user, rule=rule)
    messages.success(request, "The approval rule is removed.")
    return redirect(_page_of(period))


def _page_of(period: Period) -> str:
    return f"{reverse('resources:parameters')}?period={period.pk}"


def _form(action: str, period: Period | None, data: Any = None) -> forms.Form:
    if action == "envelope":
        return EnvelopeForm(data, communities=services.all_communities())
    if action == "period_edit" and period is not None:
        initial = {name: getattr(period, name) for name in PeriodForm.base_fields}
        return PeriodForm(data, initial=initial)
    return FORMS[action](data)


def _context(
    request: AuthenticatedRequest,
    period: Period | None,
    is_admin: bool,
    bound: dict[str, forms.Form],
) -> dict[str, Any]:
    context: dict[str, Any] = {"period": period, "is_admin": is_admin, "kinds": Kind.choices}
    if period is not None:
        envelopes = services.envelopes_visible_to(request.user, period)
        rules = period.approval_rules.all()
        context |= {
            "caps": [services.describe_cap(cap) for cap in period.caps.all()],
            "rules": [(rule.pk, services.describe_rule(rule)) for rule in rules],
            "envelope_rows": services.envelope_table(envelopes),
        }
    if is_admin:
        actions = FORMS if period is not None else {"period_create": PeriodForm}
        context["forms"] = {name: bound.get(name) or _form(name, period) for name in actions}
        context["periods"] = list(Period.objects.all())
    return context


urlpatterns: list[URLPattern] = [
    path("parameters/", parameters, name="parameters"),
]
