"""The three dimensions, and the page tree every site starts with: a home page and
the field operations index below it (replacing Wagtail's welcome page)."""

from django.db import migrations

DIMENSIONS = ["politico-military", "economic-environmental", "human"]


def create(apps, schema_editor):
    Dimension = apps.get_model("operations", "Dimension")
    for code in DIMENSIONS:
        Dimension.objects.get_or_create(code=code)

    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("core", "HomePage")
    IndexPage = apps.get_model("operations", "FieldOperationIndexPage")

    if HomePage.objects.exists():
        return
    locale, _ = Locale.objects.get_or_create(language_code="en")
    home_type, _ = ContentType.objects.get_or_create(app_label="core", model="homepage")
    index_type, _ = ContentType.objects.get_or_create(
        app_label="operations", model="fieldoperationindexpage"
    )
    # Wagtail's own first migration leaves a welcome page at /; replace it.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Field operations",
        draft_title="Field operations",
        slug="home",
        content_type=home_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        live=True,
        intro="",
    )
    IndexPage.objects.create(
        title="Field operations",
        draft_title="Field operations",
        slug="field-operations",
        content_type=index_type,
        path=f"{home.path}0001",
        depth=3,
        numchild=0,
        url_path="/home/field-operations/",
        locale=locale,
        live=True,
        intro="",
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk,
                  "site_name": "fieldops"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_initial"),
        ("core", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
