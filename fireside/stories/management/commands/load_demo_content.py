from django.core.management.base import BaseCommand

from fireside.stories.demo import load_demo_content


class Command(BaseCommand):
    help = "Load the demo sections and stories. Safe to run again: existing pages are left as they are."

    def handle(self, *args, **options):
        result = load_demo_content()
        self.stdout.write(
            f"Demo content: {result.sections_created} sections and {result.stories_created} stories added, "
            f"{result.stories_existing} stories already present."
        )
