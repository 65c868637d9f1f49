"""``TemplateDirective``: render a scaffold folder shipped inside lilya-cli into a new tree.

Scaffolds live in ``lilya/cli/_scaffolds/<kind>/``. File names ending in ``.py-tpl`` become
``.py`` and ``.e-tpl`` lose the suffix (so the shipped templates are never imported, collected by
pytest or type-checked); ``gitignore`` becomes ``.gitignore``; folders named ``project_name``,
``app_name``, ``version`` and ``deployment`` take the chosen names. ``{{ key }}`` placeholders
are filled from the context (no template engine needed).
"""

from __future__ import annotations

import importlib.metadata
import keyword
import os
import re
import shutil
import stat
import sys
from pathlib import Path
from typing import Any

from lilya.cli.base import BaseDirective
from lilya.cli.constants import TREAT_AS_PROJECT_DIRECTIVE
from lilya.cli.exceptions import DirectiveError
from lilya.cli.terminal.print import Print

__all__ = ["SCAFFOLDS", "TREAT_AS_PROJECT_DIRECTIVE", "BaseDirective", "DirectiveError", "TemplateDirective", "render"]

SCAFFOLDS = Path(__file__).resolve().parent / "_scaffolds"
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
_RENAMED_FILES = {"gitignore": ".gitignore", "dockerignore": ".dockerignore"}


def render(text: str, context: dict[str, Any]) -> str:
    """Replace ``{{ key }}`` with ``context[key]``; unknown keys are left as they are."""
    return _PLACEHOLDER.sub(lambda m: str(context[m.group(1)]) if m.group(1) in context else m.group(0), text)


class TemplateDirective(BaseDirective):
    """Base of createproject, createapp and createdeployment."""

    rewrite_template_suffixes = ((".py-tpl", ".py"), (".e-tpl", ""))

    def __init__(self) -> None:
        super().__init__()
        self.printer = Print()
        self.verbosity = 1
        self.created: list[Path] = []

    def validate_name(self, name: str | None, name_or_dir: str = "name") -> None:
        if not name:
            raise DirectiveError(f"You must provide a {name_or_dir}.")
        if not name.isidentifier() or keyword.iskeyword(name):
            raise DirectiveError(
                f"{name!r} is not a valid {name_or_dir}: use a Python identifier (letters, digits, _)."
            )
        if name in sys.stdlib_module_names or name in importlib.metadata.packages_distributions():
            # A project named "site" or "httpx" would shadow that module for its own code and tests.
            # A folder of the same name in the current directory is fine: it is the one we create.
            raise DirectiveError(f"{name!r} is already the name of an importable module: choose another {name_or_dir}.")

    def handle(self, app_or_project: str, name: str, **options: Any) -> Any:
        """Render scaffold ``options['template']`` as ``name`` under ``options['location']``."""
        self.validate_name(name, app_or_project)
        location = Path(options.get("location") or ".").resolve()
        target = location / name if options.get("create_top_dir", True) else location
        if target.exists() and options.get("create_top_dir", True):
            raise DirectiveError(f"{target} already exists.")
        self.verbosity = int(options.get("verbosity", 1))
        template_dir = SCAFFOLDS / options["template"]
        context: dict[str, Any] = {f"{app_or_project}_name": name, **options.get("context", {})}
        renames: dict[str, str] = {f"{app_or_project}_name": name, **options.get("renames", {})}
        self.iterate_templates(
            str(target),
            len(str(template_dir)) + 1,
            name,
            app_or_project,
            app_or_project,
            str(template_dir),
            {**context, "_renames": renames},
        )
        return target

    def iterate_templates(
        self,
        top_dir: str,
        prefix_length: int,
        name: str,
        base_name: str,
        app_or_project: str,
        template_dir: str,
        context: dict[str, Any],
        with_deployment: bool = False,
        deployment_folder_name: str | None = None,
    ) -> None:
        renames: dict[str, str] = context.pop("_renames", {})
        if deployment_folder_name:
            renames["deployment"] = deployment_folder_name
        for root, dirs, files in os.walk(template_dir):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            relative = root[prefix_length:]
            parts = [renames.get(part, part) for part in Path(relative).parts] if relative else []
            destination_dir = Path(top_dir, *parts)
            destination_dir.mkdir(parents=True, exist_ok=True)
            for filename in sorted(files):
                if filename.endswith((".pyc", ".pyo")):
                    continue
                new_name = filename
                for old_suffix, new_suffix in self.rewrite_template_suffixes:
                    if new_name.endswith(old_suffix):
                        new_name = new_name[: -len(old_suffix)] + new_suffix
                        break
                new_name = _RENAMED_FILES.get(new_name, new_name)
                self.manage_template_variables(Path(root, filename), destination_dir / new_name, template_dir, context)

    def manage_template_variables(
        self, template: str | Path, destination: str | Path, template_dir: str | Path, context: dict[str, Any]
    ) -> None:
        destination = Path(destination)
        if destination.exists():
            raise DirectiveError(f"{destination} already exists; not overwriting it.")
        content = Path(template).read_text(encoding="utf-8")
        destination.write_text(render(content, context), encoding="utf-8")
        self.apply_umask(template, destination)
        self.make_file_writable(str(destination))
        self.created.append(destination)
        if self.verbosity >= 2:
            self.printer.write_plain(f"  created {destination}")

    def apply_umask(self, old_path: str | Path, new_path: str | Path) -> None:
        current = os.umask(0)
        os.umask(current)
        shutil.copymode(old_path, new_path)
        os.chmod(new_path, stat.S_IMODE(os.stat(new_path).st_mode) & ~current)

    def make_file_writable(self, filename: str) -> None:
        mode = os.stat(filename).st_mode
        if not mode & stat.S_IWUSR:
            os.chmod(filename, stat.S_IMODE(mode) | stat.S_IWUSR)
