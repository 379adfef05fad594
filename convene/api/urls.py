from django.urls import path

from convene.api import views

app_name = "tokens"

urlpatterns = [
    path("", views.token_create, name="token_create"),
    path("<uuid:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
