"""A bench-only settings module and URL conf for bench/engagement_beacon.py (never used by the site)."""
