"""The WSGI entry point (production: see docs/operations.md for the granian command).

The view beacon, the busiest request on a story that goes viral, is answered ahead of Django's middleware by
``beacon_fast_path`` (fireside/engagement/fastpath.py); every other request goes to Django unchanged.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings.production")

django_application = get_wsgi_application()

from fireside.engagement.fastpath import beacon_fast_path  # noqa: E402 - needs the settings configured above

application = beacon_fast_path(django_application)

# Everything imported so far lives as long as the process. Freezing it keeps the cyclic garbage collector from
# walking those objects again on every full collection: at thousands of beacons a second those walks were the
# slowest requests' stall (tens of milliseconds).
gc.freeze()
