"""The production WSGI application (fireside/wsgi.py, beacon fast path included) plus a bare WSGI 204 at
``/bench/raw-204/``: the least any request can cost on this server, the strictest baseline for the beacon."""

from fireside.wsgi import application as site_application


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/bench/raw-204/":
        start_response("204 No Content", [("Cache-Control", "no-store, private")])
        return []
    return site_application(environ, start_response)
