"""``lilya shell``: the app is loaded, started before the prompt and shut down after."""

from __future__ import annotations

import pathlib

from tests.cli.conftest import RunLilya, write

APP = """
from lilya.apps import Lilya
from lilya.routing import Path

async def home() -> str:
    return "hi"

def started() -> None:
    print("STARTUP-RAN")

def stopped() -> None:
    print("SHUTDOWN-RAN")

app = Lilya(routes=[Path("/home", home, name="home")], on_startup=[started], on_shutdown=[stopped])
"""


def test_python_shell_has_the_app_and_runs_lifespan(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    write(tmp_path / "main.py", APP)
    script = (
        "print('ROUTES', [r.path for r in routes])\nprint('APP', type(app).__name__)\n"
        "print('TC', TestClient(app).get('/home').text)\n"
    )
    result = run_lilya("shell", "--kernel", "python", cwd=tmp_path, input=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "STARTUP-RAN" in out and "SHUTDOWN-RAN" in out
    assert out.index("STARTUP-RAN") < out.index("ROUTES") < out.index("SHUTDOWN-RAN")
    assert "ROUTES ['/home']" in out
    assert "APP Lilya" in out
    assert 'TC "hi"' in out


def test_unknown_kernel(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    write(tmp_path / "main.py", APP)
    result = run_lilya("shell", "--kernel", "bpython", cwd=tmp_path)
    assert result.returncode != 0
    assert "ipython, ptpython or python" in result.stderr
