from django.apps import AppConfig


class RipplesConfig(AppConfig):
    name = "convene.ripples"
    verbose_name = "Ripple-effects maps"
