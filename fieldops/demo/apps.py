from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and `manage.py load_demo`; above every other app."""

    name = "fieldops.demo"
    label = "demo"
