from django.urls import path

from convene.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("me/edit/", views.profile_edit, name="profile_edit"),
    path("<slug:handle>/", views.person_detail, name="person_detail"),
]
