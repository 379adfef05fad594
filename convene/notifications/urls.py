from django.urls import path

from convene.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("read-all/", views.notification_read_all, name="notification_read_all"),
    path("settings/", views.preference_edit, name="preference_edit"),
    path("<int:notification_id>/open/", views.notification_open, name="notification_open"),
]
