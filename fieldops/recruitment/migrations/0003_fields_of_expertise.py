"""The fields of expertise that vacancies and job alerts are sorted by, to start
with; editors may rename them or add more in the admin."""

from django.db import migrations

FIELDS = [
    ("Democratization", "democratization"),
    ("Economic and environmental affairs", "economic-and-environmental-affairs"),
    ("Finance and administration", "finance-and-administration"),
    ("Gender equality", "gender-equality"),
    ("Human rights", "human-rights"),
    ("Information technology", "information-technology"),
    ("Political affairs", "political-affairs"),
    ("Public information", "public-information"),
    ("Rule of law", "rule-of-law"),
    ("Security co-operation", "security-co-operation"),
]


def create(apps, schema_editor):
    FieldOfExpertise = apps.get_model("recruitment", "FieldOfExpertise")
    for name, slug in FIELDS:
        if not FieldOfExpertise.objects.filter(slug=slug).exists():
            FieldOfExpertise.objects.get_or_create(name=name, defaults={"slug": slug})


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0002_vacancy_workflow")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
