"""Vacancies in the admin: create, validate, publish, review and preview."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils.form_data import rich_text
from wagtail.users.models import UserProfile

from fieldops.accounts.testing import login_verified
from fieldops.core.tests.html import text
from fieldops.operations.tests.factories import (
    FieldOperationFactory,
    PlaceNameFactory,
)
from fieldops.recruitment.models import FieldOfExpertise, Vacancy
from fieldops.recruitment.tests.factories import FieldOfExpertiseFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def url(model, name, *args) -> str:
    return reverse(f"{model.snippet_viewset.url_namespace}:{name}", args=args)


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="hr", email="hr@example.org", password="unused-password-1"
    )
    login_verified(client, user)
    client.user = user
    return client


def vacancy_data(**changes) -> dict:
    data = {
        "operation": FieldOperationFactory().pk,
        "number": "VNKAZ-00123",
        "posts": "1",
        "title": "Programme Officer",
        "grade": "P3",
        "recruitment_type": "international",
        "modality": "seconded",
        "field_of_expertise": FieldOfExpertiseFactory().pk,
        "duty_station": PlaceNameFactory(name="Astana").place.pk,
        "issued_on": "2099-01-02",
        "deadline": "2099-01-15 23:59",
        "description": rich_text("<p>Supports the projects.</p>"),
        "apply_url": "https://jobs.example.org/VNKAZ-00123",
        "funding": "unified",
        "funding_project": "",
    }
    return data | changes


def form_errors(response) -> dict:
    return response.context["form"].errors


class VacancyAdminTests:
    def test_the_recruitment_menu_lists_vacancies_and_fields_of_expertise(self, admin):
        VacancyFactory(number="LISTED-1")
        response = admin.get(url(Vacancy, "list"))
        assert response.status_code == 200
        assert "LISTED-1" in text(response)
        assert admin.get(url(FieldOfExpertise, "list")).status_code == 200

    def test_the_listing_filters_by_operation_type_modality_and_live(self, admin):
        VacancyFactory(number="SECONDED-1", modality="seconded")
        VacancyFactory(number="CONTRACTED-1", modality="contracted", draft=True)
        response = admin.get(url(Vacancy, "list"), {"modality": "contracted"})
        assert "CONTRACTED-1" in text(response)
        assert "SECONDED-1" not in text(response)
        response = admin.get(url(Vacancy, "list"), {"live": "true"})
        assert "SECONDED-1" in text(response)
        assert "CONTRACTED-1" not in text(response)

    def test_saving_a_new_vacancy_keeps_it_a_draft(self, admin):
        response = admin.post(url(Vacancy, "add"), vacancy_data())
        assert response.status_code == 302
        vacancy = Vacancy.objects.get()
        assert not vacancy.live
        assert vacancy.latest_revision is not None
        assert not Vacancy.objects.open().exists()

    def test_publishing_makes_it_open(self, admin):
        data = vacancy_data() | {"action-publish": "publish"}
        response = admin.post(url(Vacancy, "add"), data)
        assert response.status_code == 302
        assert Vacancy.objects.open().get().number == "VNKAZ-00123"

    def test_the_deadline_is_read_in_the_editor_s_own_time_zone(self, admin):
        profile = UserProfile.get_for_user(admin.user)
        profile.current_time_zone = "Asia/Almaty"
        profile.save()
        admin.post(url(Vacancy, "add"), vacancy_data())
        deadline = Vacancy.objects.get().deadline
        assert deadline == datetime.datetime(2099, 1, 15, 18, 59, tzinfo=datetime.UTC)

    def test_the_deadline_help_text_names_the_editor_s_time_zone(self, admin):
        response = admin.get(url(Vacancy, "add"))
        assert "entered in your own time zone" in response.content.decode()

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"deadline": "2099-01-02 12:00"}, "deadline"),
            ({"funding": "extrabudgetary"}, "funding_project"),
            ({"grade": "p-3"}, "grade"),
            ({"number": "VN 123"}, "number"),
            ({"posts": "0"}, "posts"),
            ({"posts": "999999999999"}, "posts"),
            ({"operation": "not-an-id"}, "operation"),
        ],
    )
    def test_bad_input_is_refused_with_a_message(self, admin, changes, field):
        response = admin.post(url(Vacancy, "add"), vacancy_data(**changes))
        assert response.status_code == 200
        assert not Vacancy.objects.exists()
        assert field in form_errors(response)

    def test_edit_history_and_preview_views_render(self, admin):
        vacancy = VacancyFactory()
        vacancy.save_revision()
        for name in ("edit", "history"):
            assert admin.get(url(Vacancy, name, vacancy.pk)).status_code == 200
        preview = admin.post(
            url(Vacancy, "preview_on_edit", vacancy.pk),
            vacancy_data(number=vacancy.number),
        )
        assert preview.json()["is_valid"] is True
        shown = admin.get(url(Vacancy, "preview_on_edit", vacancy.pk))
        assert shown.status_code == 200
        assert "Programme Officer" in shown.content.decode()


class VacancyWorkflowTests:
    def test_vacancies_are_reviewed_by_the_hr_approvers(self):
        workflow = VacancyFactory().get_workflow()
        assert workflow.name == "Vacancy review"
        task = workflow.tasks.get().specific
        # Besides each operation's own approvers (see operations/test_workflow.py).
        assert "HR approvers" in task.groups.values_list("name", flat=True)
        group = Group.objects.get(name="HR approvers")
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"access_admin", "change_vacancy", "publish_vacancy"} <= codenames

    def test_submitting_for_review_starts_the_workflow(self, admin):
        data = vacancy_data() | {"action-submit": "submit"}
        response = admin.post(url(Vacancy, "add"), data)
        assert response.status_code == 302
        vacancy = Vacancy.objects.get()
        state = WorkflowState.objects.for_instance(vacancy).get()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.workflow == Workflow.objects.get(name="Vacancy review")
        assert not vacancy.live

    def test_the_edit_form_offers_submission_for_review(self, admin):
        vacancy = VacancyFactory()
        response = admin.get(url(Vacancy, "edit", vacancy.pk))
        assert 'name="action-submit"' in response.content.decode()
