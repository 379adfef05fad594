from django.apps import AppConfig


class GatheringsConfig(AppConfig):
    name = "convene.gatherings"
    verbose_name = "Gatherings"
