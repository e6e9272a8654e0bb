"""Production settings must be safe: they are imported in a fresh interpreter, as a real server would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CHECK = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.STORAGES['staticfiles']['BACKEND'])"
)


def run_with(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": "fireside.settings.production", **env_overrides})
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", CHECK], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("key", [None, "", "change-me", "dev-only-insecure-key-not-for-production", "short"])
def test_production_refuses_to_start_with_a_default_or_weak_secret_key(key):
    result = run_with({} if key is None else {"SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_with_a_real_key_is_locked_down():
    result = run_with({"SECRET_KEY": "k" * 30 + "-a-long-random-production-secret", "DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    debug, hsts, redirect, storage = result.stdout.split()
    assert debug == "False"  # DEBUG=true in the environment cannot switch it on in production
    assert int(hsts) >= 31536000 and redirect == "True"
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_behind_plain_http_sends_no_hsts():
    result = run_with({"SECRET_KEY": "k" * 50, "HTTPS": "false"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "0"
