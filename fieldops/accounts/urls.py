from django.urls import path

from . import views

urlpatterns = [
    path("", views.setup, name="accounts_two_factor_setup"),
    path("verify/", views.verify, name="accounts_two_factor_verify"),
    path("backup-codes/", views.backup_codes, name="accounts_two_factor_backup_codes"),
    path("disable/", views.disable, name="accounts_two_factor_disable"),
]
