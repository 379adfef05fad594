"""Settings come from the environment and production refuses unsafe defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from convene.lib.envs import env_bool, env_int, env_list, env_secret

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "CONVENE_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-" + "q8Zr3mW1xK7pL0vN5bT2" * 2,
    "ALLOWED_HOSTS": "convene.example.org",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_env_helpers_read_and_reject(monkeypatch, tmp_path):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("COUNT", "seven")
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert env_bool("FLAG") is True
    assert env_list("HOSTS") == ["a.example", "b.example"]
    assert env_secret("TOKEN") == "s3cret"
    with pytest.raises(ImproperlyConfigured, match="COUNT must be a whole number"):
        env_int("COUNT", 1)
    monkeypatch.setenv("FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false"):
        env_bool("FLAG")


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert f"Production needs {missing}" in result.stderr


def test_deploy_check_reports_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_wsgi_application_is_production_unless_told_otherwise():
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "CONVENE_ENV"}}
    result = subprocess.run(
        [sys.executable, "-c", "import convene.wsgi"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Production needs SECRET_KEY" in result.stderr
