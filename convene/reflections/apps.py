from django.apps import AppConfig


class ReflectionsConfig(AppConfig):
    name = "convene.reflections"
    verbose_name = "Reflection journal"
