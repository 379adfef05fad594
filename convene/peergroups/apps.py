from django.apps import AppConfig


class PeergroupsConfig(AppConfig):
    name = "convene.peergroups"
    verbose_name = "Peer groups"
