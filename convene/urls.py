from django.contrib import admin
from django.urls import include, path

from convene.api.api import api
from convene.communities.views import home
from convene.discussions import views as discussion_views
from convene.health import health

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("convene.people.urls")),
    path("communities/", include("convene.discussions.urls")),
    path("communities/", include("convene.communities.urls")),
    path("communities/", include("convene.elections.urls")),
    path("", include("convene.gatherings.urls")),
    path("agenda/", include("convene.agenda.urls")),
    path("projects/", include("convene.projects.urls")),
    path("resources/", include("convene.resources.urls")),
    path("values/", include("convene.values.urls")),
    path("surveys/", include("convene.surveys.urls")),
    path("stories/", include("convene.stories.urls")),
    path("ripple-maps/", include("convene.ripples.urls")),
    path("insights/", include("convene.insights.urls")),
    path("search/", discussion_views.search, name="search"),
    path("feeds/key/", discussion_views.feed_token_renew, name="feed_token_renew"),
    path("peer-groups/", include("convene.peergroups.urls")),
    path("notifications/", include("convene.notifications.urls")),
    path("goals/", include("convene.goals.urls")),
    path("journal/", include("convene.reflections.urls")),
    path("learning/", include("convene.learning.urls")),
    path("tokens/", include("convene.api.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
