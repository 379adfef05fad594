from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "convene.surveys"
    verbose_name = "Surveys and pulses"
