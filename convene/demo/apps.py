from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "convene.demo"
    label = "demo"
    verbose_name = "Demo organisation"
