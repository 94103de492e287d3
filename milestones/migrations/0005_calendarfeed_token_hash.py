"""Feed tokens are stored as their SHA-256 (`milestones.models.hash_feed_token`).

Existing tokens are hashed in place, so every link handed out before keeps working: the
feed view hashes the token in the URL and looks that up. The hashes cannot be turned back
into tokens: going back leaves them hashed (and those links stop working).
"""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("milestones", "CalendarFeed")
    for feed in CalendarFeed.objects.only("pk", "token_hash"):
        token = feed.token_hash
        feed.token_hash = hashlib.sha256(token.encode()).hexdigest()
        feed.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0004_baselines"),
    ]

    operations = [
        migrations.RenameField(model_name="calendarfeed", old_name="token", new_name="token_hash"),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="token hash"
            ),
        ),
    ]
