from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "convene.agenda"
    verbose_name = "Organisational agenda"
