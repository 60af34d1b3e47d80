"""Does the admin's password reset answer later for an address that belongs to
an account than for one that does not?

Usage:

    .venv/bin/python benchmarks/reset_timing.py [--pairs 50]

Like alert_timing.py (whose set-up and statistics it uses): a fresh SQLite file
in a temporary directory, one editor per "known" address, then the reset form
POSTed with Django's test client in this process, a known and an unknown
address in turn after 5 pairs of warm-up. The page only queues the mail
(fieldops/accounts/password_reset.py). For comparison it then times the work of
the queued task, password_reset_mail called directly: what the page did before.

It prints the medians, the ratio unknown / known and Welch's t of the means.
"""

from __future__ import annotations

from alert_timing import alternate, parse_pairs, report, setup_django

PASSWORD = "a-long-and-unusual-passphrase-7"  # noqa: S105
WARM_UP = 5
TEMPLATES = "wagtailadmin/account/password_reset/"


def time_pages(pairs: int, known: list[str]) -> tuple[list[float], list[float]]:
    from django.test import Client

    client = Client()

    def reset(email: str) -> None:
        response = client.post("/admin/password_reset/", {"email": email})
        assert response.status_code == 302, response.status_code

    return alternate(pairs, known, "new", reset, warm_up=WARM_UP)


def time_task(pairs: int, known: list[str]) -> tuple[list[float], list[float]]:
    from fieldops.accounts.password_reset import password_reset_mail

    arguments = {
        "domain": "testserver",
        "use_https": False,
        "subject_template_name": TEMPLATES + "email_subject.txt",
        "email_template_name": TEMPLATES + "email.txt",
        "html_email_template_name": None,
        "from_email": None,
        "extra_email_context": None,
        "language": "en",
    }
    return alternate(
        pairs,
        known,
        "direct",
        lambda email: password_reset_mail.call(email=email, **arguments),
    )


def main() -> None:
    import tempfile

    pairs = parse_pairs()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        from django.contrib.auth import get_user_model

        known = [f"known{n}@example.org" for n in range(pairs + WARM_UP)]
        for n, email in enumerate(known):
            get_user_model().objects.create_user(f"editor{n}", email, PASSWORD)
        report("reset page (queues the mail)", *time_pages(pairs, known))
        report("the queued mail (the page before)", *time_task(pairs, known))


if __name__ == "__main__":
    main()
