"""Delete the audit events that recorded who wrote or edited a reflection, and when.

Writing in the journal is no longer audited: such a record let administrators
see who keeps a journal. The events already written go too.
"""

from django.db import migrations


def forget(apps, schema_editor):
    apps.get_model("audit", "AuditEvent").objects.filter(action__startswith="reflection.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_initial"),
        ("reflections", "0002_reflection"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
