from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "convene.insights"
    verbose_name = "Insights"
