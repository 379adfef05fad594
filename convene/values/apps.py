from django.apps import AppConfig


class ValuesConfig(AppConfig):
    name = "convene.values"
    verbose_name = "Values in action"
