from django.db import migrations


def seed(apps, schema_editor):
    from fireside.core.content_warnings import VOCABULARY

    ContentWarning = apps.get_model("stories", "ContentWarning")
    for term in VOCABULARY:
        ContentWarning.objects.get_or_create(
            slug=term.slug, defaults={"label": term.label, "description": term.description}
        )


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
