"""Who may see and edit which field operation's records in the admin: the roles and
their groups (roles), the permission policy that limits each permission to the
operations it is held for (policy), the records' admin viewsets built on it
(viewsets), and the admin views and log that Wagtail offers no hook to limit
(admin_views, admin_urls, log)."""
