from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "convene.people"
    verbose_name = "People"
