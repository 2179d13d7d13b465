"""The form's submission key is kept as its SHA-256: it now leads to the private link
(participants.private_link.token_for_form), and a copy of the database must hold no
working link. Keys already stored are hashed in place, so a form sent before the
upgrade and retried after it is still recognised."""

import hashlib

from django.db import migrations, models
from django.db.models import Q


def hash_the_keys(apps, schema_editor):
    Registration = apps.get_model("participants", "Registration")
    rows = Registration.objects.exclude(submission_key_hash="").only("submission_key_hash")
    batch = []
    for row in rows.iterator(chunk_size=2000):
        row.submission_key_hash = hashlib.sha256(
            row.submission_key_hash.encode("utf-8", "surrogatepass")
        ).hexdigest()
        batch.append(row)
        if len(batch) == 2000:
            Registration.objects.bulk_update(batch, ["submission_key_hash"])
            batch = []
    Registration.objects.bulk_update(batch, ["submission_key_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0006_personal_data_removal_and_access_log"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="registration",
            name="registration_submission_key_once",
        ),
        migrations.RenameField(
            model_name="registration",
            old_name="submission_key",
            new_name="submission_key_hash",
        ),
        migrations.AlterField(
            model_name="registration",
            name="submission_key_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="submission key (hash)"
            ),
        ),
        # Hashed before the constraint is back: two keys cannot meet in one hash.
        migrations.RunPython(hash_the_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(
                condition=~Q(submission_key_hash=""),
                fields=("event", "submission_key_hash"),
                name="registration_submission_key_once",
            ),
        ),
    ]
