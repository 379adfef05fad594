from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80, help_text="What the token is for, for example “weekly report script”."
    )
