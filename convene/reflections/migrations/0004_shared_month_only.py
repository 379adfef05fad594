"""Keep only the month a reflection was shared in, and order shared answers by their words.

The day, and an order by id or date, could point to who shared an answer.
"""

import django.db.models.functions.text
from django.db import migrations


def keep_the_month(apps, schema_editor):
    shared = apps.get_model("reflections", "SharedReflection").objects.exclude(shared_on__day=1)
    for answer in shared.only("shared_on"):
        answer.shared_on = answer.shared_on.replace(day=1)
        answer.save(update_fields=["shared_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("reflections", "0003_forget_who_wrote_reflections"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="sharedreflection",
            options={
                "ordering": ("-shared_on", django.db.models.functions.text.MD5("body"), "prompt")
            },
        ),
        migrations.RunPython(keep_the_month, migrations.RunPython.noop),
    ]
