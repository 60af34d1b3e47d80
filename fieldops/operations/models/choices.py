"""The fixed lists a field operation's records choose from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    SOUTH_EASTERN_EUROPE = "south-eastern-europe", _("South-Eastern Europe")
    EASTERN_EUROPE = "eastern-europe", _("Eastern Europe")
    SOUTH_CAUCASUS = "south-caucasus", _("South Caucasus")
    CENTRAL_ASIA = "central-asia", _("Central Asia")


class OperationStatus(models.TextChoices):
    CURRENT = "current", _("current")
    CLOSED = "closed", _("closed")
    UNKNOWN = "unknown", _("status unknown")


class Coverage(models.TextChoices):
    FULL = "full", _("full")
    PARTIAL = "partial", _("partial")


class PresenceKind(models.TextChoices):
    MISSION = "mission", _("Mission")
    CENTRE = "centre", _("Centre")
    PROGRAMME_OFFICE = "programme-office", _("Programme office")
    OFFICE = "office", _("Office")
    PROJECT_CO_ORDINATOR = "project-co-ordinator", _("Project co-ordinator")
    PRESENCE = "presence", _("Presence")
    LIAISON_OFFICE = "liaison-office", _("Liaison office")
    OBSERVER_MISSION = "observer-mission", _("Observer mission")
    SPECIAL_MONITORING_MISSION = (
        "special-monitoring-mission",
        _("Special monitoring mission"),
    )
    ADVISORY_AND_MONITORING_GROUP = (
        "advisory-and-monitoring-group",
        _("Advisory and monitoring group"),
    )
    REPRESENTATIVE = "representative", _("Representative")
    MISSIONS_OF_LONG_DURATION = (
        "missions-of-long-duration",
        _("Missions of long duration"),
    )
    OTHER = "other", _("Other")


class NameChange(models.TextChoices):
    ESTABLISHED = "established", _("Established")
    RENAMED = "renamed", _("Renamed")
    TRANSFORMED = "transformed", _("Transformed")
    REPLACED = "replaced", _("Replaced")
    CLOSED = "closed", _("Closed")


class OfficeRole(models.TextChoices):
    HEADQUARTERS = "headquarters", _("Headquarters")
    FIELD_OFFICE = "field-office", _("Field office")
    PROJECT_OFFICE = "project-office", _("Project office")
    BRANCH_OFFICE = "branch-office", _("Branch office")
    OBSERVATION_POST = "observation-post", _("Observation post")
    COMPONENT = "component", _("Component")
