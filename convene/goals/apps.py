from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "convene.goals"
    verbose_name = "Stretch goals"
