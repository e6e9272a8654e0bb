"""Erase commenters' IP addresses and user agents once the retention period is over (90 days by default).

Safe to run from cron as often as you like: it only touches rows older than the cutoff that still hold data.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fireside.comments.services import comment_ips_purge, comment_settings


class Command(BaseCommand):
    help = "Erase IP addresses and user agents of comments older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: the 'keep IP addresses for' comment setting, 90 unless changed).",
        )

    def handle(self, *args, days: int | None = None, **options) -> None:
        if days is None:
            days = comment_settings().ip_retention_days
        if days < 1:
            raise CommandError("--days must be at least 1")
        erased = comment_ips_purge(older_than_days=days)
        self.stdout.write(
            f"Erased the IP address and user agent of {erased} comment(s) older than {days} days."
        )
