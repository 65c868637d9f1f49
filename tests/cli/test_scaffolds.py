"""createproject / createapp / createdeployment: the generated trees work as they are."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from tests._servers import free_port, server_process, wait_for
from tests.cli.conftest import LILYA, RunLilya, clean_env

pytestmark = pytest.mark.slow


def files(root: pathlib.Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_createproject_tree_tests_and_server(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya("createproject", "shop", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "shop"
    assert files(project) == {  # Lilya 0.29's layout
        ".gitignore",
        "README.md",
        "Taskfile.yaml",
        "pyproject.toml",
        "shop/__init__.py",
        "shop/app.py",
        "shop/tests/__init__.py",
        "shop/tests/conftest.py",
        "shop/tests/test_app.py",
    }
    app_source = (project / "shop" / "app.py").read_text()
    assert "{{" not in app_source and 'if __name__ == "__main__":' in app_source
    assert (project / ".gitignore").read_text().startswith("# Byte-compiled / optimized / DLL files\n")
    assert "lilya[cli]>=0.30" in (project / "pyproject.toml").read_text()
    # The generated project's own tests pass.
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"],
        cwd=project,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout
    # And it serves with `lilya runserver` (app discovered in the project folder).
    port = free_port()
    command = [str(LILYA), "runserver", "--port", str(port)]
    with server_process(
        command, cwd=project, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as server:
        response = wait_for(f"http://127.0.0.1:{port}/hello/ada", server)
        assert response.status_code == 200
        assert response.json() == {"message": "Hello, ada"}


def test_structured_project_with_deployment(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya(
        "createproject",
        "portal",
        "--with-structure",
        "--with-deployment",
        "--deployment-folder-name",
        "ops",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    project = tmp_path / "portal"
    tree = files(project)
    for expected in (
        "portal/main.py",
        "portal/urls.py",
        "portal/serve.py",
        "portal/apps/__init__.py",
        "portal/configs/settings.py",
        "portal/configs/development/settings.py",
        "portal/configs/testing/settings.py",
        "portal/tests/conftest.py",
        "portal/tests/test_app.py",
        "ops/docker/Dockerfile",
        "ops/nginx/nginx.conf",
        "ops/nginx/nginx.json-logging.conf",
        "ops/supervisor/supervisord.conf",
        "ops/gunicorn/gunicorn_conf.py",
    ):
        assert expected in tree, expected
    assert (project / "portal" / "urls.py").read_text().startswith('"""portal Routes Configuration\n')
    assert "ops/gunicorn/gunicorn_conf.py" in (project / "ops" / "supervisor" / "supervisord.conf").read_text()
    secret = (project / "portal" / "configs" / "settings.py").read_text()
    assert 'secret_key: str = "lilya-insecure-' in secret
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"],
        cwd=project,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr


def test_createapp_tree_and_its_tests(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya("createapp", "orders", "--version", "v2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert files(tmp_path / "orders") == {
        "__init__.py",
        "directives/__init__.py",
        "directives/operations/__init__.py",
        "tests.py",
        "v2/__init__.py",
        "v2/controllers.py",
        "v2/schemas.py",
        "v2/urls.py",
    }
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "orders/tests.py"],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout


def test_createdeployment(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya("createdeployment", "api", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert files(tmp_path / "deployment") == {
        "docker/Dockerfile",
        "nginx/nginx.conf",
        "nginx/nginx.json-logging.conf",
        "supervisor/supervisord.conf",
        "gunicorn/gunicorn_conf.py",
    }
    assert "api.main:app" in (tmp_path / "deployment" / "supervisor" / "supervisord.conf").read_text()
    again = run_lilya("createdeployment", "api", cwd=tmp_path)
    # As Lilya 0.29: reported on stderr, the command still exits 0 (nothing is overwritten).
    assert again.returncode == 0 and "already exists" in again.stderr


def test_invalid_names_and_existing_targets_are_refused(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    # A refused name is reported on stderr; as in Lilya 0.29 the command exits 0.
    bad = run_lilya("createproject", "my-project", cwd=tmp_path)
    assert bad.returncode == 0
    assert "not a valid" in bad.stderr
    assert not (tmp_path / "my-project").exists()
    shadowing = run_lilya("createproject", "json", cwd=tmp_path)
    assert "importable module" in shadowing.stderr and not (tmp_path / "json").exists()
    installed = run_lilya("createproject", "httpx", cwd=tmp_path)  # an installed package's name
    assert "importable module" in installed.stderr and not (tmp_path / "httpx").exists()
    (tmp_path / "elsewhere" / "reused").mkdir(parents=True)  # a same-named folder on the path is no reason
    reused = run_lilya("createproject", "reused", cwd=tmp_path, env=clean_env(PYTHONPATH=str(tmp_path / "elsewhere")))
    assert reused.returncode == 0, reused.stderr
    assert run_lilya("createapp", "dup", cwd=tmp_path).returncode == 0
    (tmp_path / "dup" / "marker.txt").write_text("mine")
    again = run_lilya("createapp", "dup", cwd=tmp_path)
    assert again.returncode == 0 and "already exists" in again.stderr
    assert (tmp_path / "dup" / "marker.txt").read_text() == "mine"


def test_several_names_each_get_a_scaffold(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    (tmp_path / "taken").mkdir()
    apps = run_lilya("createapp", "first", "taken", "second", cwd=tmp_path)
    assert apps.returncode == 0
    assert "taken" in apps.stderr and "already exists" in apps.stderr
    assert (tmp_path / "first" / "v1" / "urls.py").is_file()
    assert (tmp_path / "second" / "v1" / "urls.py").is_file()
    assert list((tmp_path / "taken").iterdir()) == []
    projects = run_lilya("createproject", "alpha", "beta", "--with-structure", cwd=tmp_path)
    assert projects.returncode == 0, projects.stderr
    assert (tmp_path / "alpha" / "alpha" / "urls.py").is_file()
    assert (tmp_path / "beta" / "beta" / "urls.py").is_file()


def test_verbosity_two_lists_each_file(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya("createapp", "noisy", "--verbosity", "2", cwd=tmp_path)
    assert "created" in result.stdout and "urls.py" in result.stdout


EDGY_STUB = """
class Database:
    def __init__(self, url):
        self.url = url


class Registry:
    def __init__(self, database):
        self.database = database


class Model:
    pass
"""


def test_createproject_edgy_wires_settings_registry_and_models(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya("createproject", "shop", "-e", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "shop"
    for relative in (
        "compose.yaml",
        "shop/core/__init__.py",
        "shop/core/models.py",
        "shop/configs/database.py",
        "shop/urls.py",
        "shop/configs/testing/settings.py",
    ):
        assert (project / relative).is_file(), relative
    assert '"edgy[postgres]"' in (project / "pyproject.toml").read_text()
    # With an edgy stand-in on the path: the settings hold one registry, shared by the base model.
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "edgy.py").write_text(EDGY_STUB)
    probe = (
        "from lilya.conf import settings; import shop.core.models as m; "
        "print(m.registry is settings.registry, settings.registry.database.url)"
    )
    env = clean_env(
        PYTHONPATH=f"{stub}:{project}",
        LILYA_SETTINGS_MODULE="shop.configs.development.settings.DevelopmentSettings",
        EDGY_DATABASE_URL="postgresql+asyncpg://u@db/shop",
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=project, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True postgresql+asyncpg://u@db/shop"
    # Without --edgy nothing of it appears.
    assert run_lilya("createproject", "plain", "--with-structure", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "plain" / "plain" / "core").exists()
    assert "edgy" not in (tmp_path / "plain" / "pyproject.toml").read_text()
