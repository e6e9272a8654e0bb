"""The WSGI entry point (production: see docs/operations.md for the gunicorn command).

The view beacon, the busiest request on a story that goes viral, is answered ahead of Django's middleware by
``beacon_fast_path`` (fireside/engagement/fastpath.py); every other request goes to Django unchanged.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings.production")

django_application = get_wsgi_application()

from fireside.engagement.fastpath import beacon_fast_path  # noqa: E402 - needs the settings configured above

application = beacon_fast_path(django_application)
