"""Erase writers' contact emails a configurable time after their story was published or declined.

Safe from cron: every run is idempotent and made of set-based updates. Example crontab line (daily, 03:17):
    17 3 * * *  cd /srv/fireside && .venv/bin/python manage.py purge_submission_contacts
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fireside.submissions.services import submission_contacts_purge


class Command(BaseCommand):
    help = "Erase contact emails of submissions published or declined more than N days ago (default from settings)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override FIRESIDE_SUBMISSION_CONTACT_RETENTION_DAYS for this run.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be erased.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            days = settings.FIRESIDE_SUBMISSION_CONTACT_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days must be zero or more")
        count = submission_contacts_purge(older_than_days=days, dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        self.stdout.write(f"{verb} {count} contact email{'s' if count != 1 else ''} (older than {days} days)")
