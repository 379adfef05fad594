from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "convene.elections"
    verbose_name = "Elections"
