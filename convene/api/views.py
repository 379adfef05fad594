from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from convene.api import services
from convene.api.forms import TokenForm
from convene.api.models import ApiToken
from convene.lib.forms import error_summary
from convene.lib.http import AuthenticatedRequest


@login_required
@require_POST
def token_create(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_summary(form))
        return redirect(request.user)
    try:
        _, secret = services.create_token(actor=request.user, name=form.cleaned_data["name"])
    except services.TokenError as error:
        messages.error(request, str(error))
        return redirect(request.user)
    # Shown once, on the next page only; Convene keeps just its digest.
    request.session["new_api_token"] = secret
    messages.success(request, "Token created. Copy it now: it will not be shown again.")
    return redirect(request.user)


@login_required
@require_POST
def token_revoke(request: AuthenticatedRequest, token_id: uuid.UUID) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=token_id)
    services.revoke_token(actor=request.user, token=token)
    messages.success(request, f"“{token.name}” is revoked.")
    return redirect(request.user)
