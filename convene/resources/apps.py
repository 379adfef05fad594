from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "convene.resources"
    verbose_name = "Project resources"
