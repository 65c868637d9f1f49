"""Without its extra's library, each feature fails with a MissingDependency naming the extra to install.

Each case runs in a fresh interpreter in which the library cannot be imported.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

BLOCKER = """
import importlib.abc, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == {library!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, Block())
from lilya.exceptions import MissingDependency
try:
{code}
except MissingDependency as exc:
    print("MISSING", exc)
else:
    print("IMPORTED")
"""


def run_without(library: str, code: str) -> str:
    source = BLOCKER.format(library=library, code=textwrap.indent(textwrap.dedent(code), "    "))
    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("library", "code", "extra"),
    [
        ("asyncz", "import lilya.contrib.schedulers.asyncz.config", "schedulers"),
        ("asyncz", "import lilya.contrib.schedulers.asyncz.decorator", "schedulers"),
        ("opentelemetry", "import lilya.contrib.opentelemetry", "opentelemetry"),
        (
            "httpx",
            """
            import anyio
            from lilya.contrib.ai import OpenAIConfig, OpenAIProvider
            anyio.run(OpenAIProvider(OpenAIConfig(api_key="k")).startup)
            """,
            "ai",
        ),
    ],
    ids=["schedulers-config", "schedulers-decorator", "opentelemetry", "ai-provider"],
)
def test_a_missing_library_names_the_extra(library: str, code: str, extra: str) -> None:
    output = run_without(library, code)
    assert output.startswith("MISSING") and f"lilya-contrib[{extra}]" in output


def test_the_parts_without_a_library_import_without_it() -> None:
    # The schedulers' base/protocols, the AI types and client, and CQRS need no third-party library.
    assert (
        run_without("asyncz", "import lilya.contrib.schedulers.base, lilya.contrib.schedulers.protocols") == "IMPORTED"
    )
    assert run_without("httpx", "import lilya.contrib.ai") == "IMPORTED"
    assert run_without("opentelemetry", "import lilya.contrib.cqrs") == "IMPORTED"
