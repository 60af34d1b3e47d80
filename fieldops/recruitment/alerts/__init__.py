"""Job alerts: subscriptions without an account to the vacancies that match their
criteria, the mails that confirm and manage them, and the matching and delivery of
vacancies to them. Builds on recruitment's vacancies; they know nothing of it."""
