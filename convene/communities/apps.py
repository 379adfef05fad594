from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "convene.communities"
    verbose_name = "Communities"
