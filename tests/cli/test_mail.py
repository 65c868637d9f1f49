"""``lilya mail sendtest``: a test e-mail through lilya.contrib.mail's console backend."""

from __future__ import annotations

import pathlib
import subprocess
import sys

from click.testing import CliRunner

from lilya.cli.cli import lilya_cli
from tests.cli.conftest import RunLilya, clean_env


def test_sendtest_prints_the_message_and_confirms(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    result = run_lilya(
        "mail", "sendtest", "--to", "a@example.com", "--to", "b@example.com", "--subject", "Hi",
        "--html", "<h1>Hello</h1>", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Subject: Hi" in result.stdout and "<h1>Hello</h1>" in result.stdout
    assert "Test email sent to 'a@example.com, b@example.com' using console backend." in result.stdout


def test_bad_input_is_one_line_and_a_failing_status(run_lilya: RunLilya, tmp_path: pathlib.Path) -> None:
    no_body = run_lilya("mail", "sendtest", "--to", "a@example.com", cwd=tmp_path)
    assert no_body.returncode == 1 and "at least one body part" in no_body.stderr
    unknown = run_lilya("mail", "sendtest", "--to", "a@example.com", "--text", "x", "--backend", "smtp", cwd=tmp_path)
    assert unknown.returncode == 1 and "Unsupported backend: smtp" in unknown.stderr
    missing_to = run_lilya("mail", "sendtest", "--text", "x", cwd=tmp_path)
    assert missing_to.returncode == 2 and "--to" in missing_to.stderr


def test_help_does_not_import_contrib(tmp_path: pathlib.Path) -> None:
    code = "import sys\nfrom lilya.cli.main import main\n"
    code += "try:\n    main(['mail', '--help'])\nexcept SystemExit:\n    pass\n"
    code += "assert not [m for m in sys.modules if m.startswith('lilya.contrib.mail')], 'contrib imported'\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=clean_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "sendtest" in result.stdout


def test_lilya_cli_handle_drives_the_command_through_click() -> None:
    result = CliRunner().invoke(lilya_cli.cli, ["mail", "sendtest", "--to", "a@example.com", "--text", "plain"])
    assert result.exit_code == 0, result.output
    assert "plain" in result.output and "using console backend" in result.output
