from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "convene.api"
    verbose_name = "API"
