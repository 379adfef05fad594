from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "convene.learning"
    verbose_name = "Introductory programme"
