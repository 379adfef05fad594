from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "convene.stories"
    verbose_name = "Value-creation stories"
