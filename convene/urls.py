from django.contrib import admin
from django.urls import include, path

from convene.api.api import api
from convene.communities.views import home
from convene.health import health

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("convene.people.urls")),
    path("communities/", include("convene.communities.urls")),
    path("tokens/", include("convene.api.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
