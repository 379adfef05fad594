from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "convene.audit"
    verbose_name = "Audit trail"
