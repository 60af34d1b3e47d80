"""The admin's password reset ("Forgot password?"), mailed in the background.

Django's form (used by Wagtail) looks the address up and renders and stores the
mail in the request, for an account that exists only: the answer took longer
for a known address than for an unknown one. Here the page only validates the
address and queues one task, whatever the address; the look-up and the mail
happen in the task (as the job-alert subscription does, recruitment/alerts/
queue.py). The page says the same in both cases, as Django's does.
"""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.utils import translation
from django_tasks import task
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm


@task()
def password_reset_mail(
    *,
    email: str,
    domain: str,
    use_https: bool,
    subject_template_name: str,
    email_template_name: str,
    html_email_template_name: str | None,
    from_email: str | None,
    extra_email_context: dict | None,
    language: str,
) -> None:
    """Mail a reset link to each active account with a usable password whose
    address is `email` (Django's PasswordResetForm.save with these arguments,
    in `language`); nothing when there is none. Its own transaction: a worker
    lost inside it runs it again (core/reconcile.py), and a database error here
    must leave the worker's transaction usable."""
    form = DjangoPasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with transaction.atomic(), translation.override(language):
        form.save(
            domain_override=domain,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            use_https=use_https,
            from_email=from_email,
            html_email_template_name=html_email_template_name,
            extra_email_context=extra_email_context,
        )


class PasswordResetForm(WagtailPasswordResetForm):
    """Wagtail's reset form (WAGTAILADMIN_USER_PASSWORD_RESET_FORM) whose save
    queues password_reset_mail instead of mailing in the request."""

    def save(
        self,
        domain_override=None,
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.html",
        use_https=False,
        token_generator=None,
        from_email=None,
        request=None,
        html_email_template_name=None,
        extra_email_context=None,
    ):
        # The token is made in the task, by the default generator (Wagtail's
        # view passes no other).
        password_reset_mail.enqueue(
            email=self.cleaned_data["email"],
            domain=domain_override or get_current_site(request).domain,
            use_https=use_https,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
            html_email_template_name=html_email_template_name,
            from_email=from_email,
            extra_email_context=extra_email_context,
            language=translation.get_language(),
        )
