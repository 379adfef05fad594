"""Turning a form's errors into one sentence, for messages and API replies."""

from __future__ import annotations

from django import forms


def error_summary(form: forms.Form) -> str:
    """Return the form's errors as one readable line, field by field."""
    parts = []
    for field, errors in form.errors.items():
        if field == "__all__":
            parts.append(str(errors[0]))
        else:
            label = form.fields[field].label or field.replace("_", " ").capitalize()
            parts.append(f"{label}: {errors[0]}")
    return "; ".join(parts) or "Please check what you entered."
