from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "convene.discussions"
    verbose_name = "Discussions"
