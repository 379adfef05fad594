from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "convene.projects"
    verbose_name = "Community projects"
