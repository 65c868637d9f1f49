"""``EnvironLoader``: configuration from the environment, ``.env`` files and YAML, with casting.

Sources are layered, later ones winning: the initial mapping (``os.environ`` by default), the process
environment, a ``.env`` file, a YAML file (needs ``pyyaml``), then explicit overrides. ``$VAR``,
``${VAR}`` and ``${VAR|default}`` are expanded in file values (``$$`` is a literal ``$``). A key that has
been read can no longer be changed, so configuration cannot shift under code that already used it.
"""

from __future__ import annotations

import importlib
import os
import re
import warnings
from collections.abc import Callable, Generator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from lilya.conf._casting import parse_bool
from lilya.datastructures import MultiDict
from lilya.exceptions import EnvError

__all__ = ["Cast", "Empty", "EnvError", "EnvironLoader", "T"]

T = TypeVar("T")
Cast = Callable[[Any], T]


class _Empty:
    """Marks "no default given" (``None`` is a valid default)."""

    def __repr__(self) -> str:
        return "Empty"


Empty = _Empty()

_LINE = re.compile(r"^\s*(?:export\s+)?(?P<name>[^\W\d][\w.\-]*)\s*=\s*(?P<value>.*?)\s*$")
_EXPAND = re.compile(r"\$(?:\{(?P<braced>[\w.\-]+)(?:\|(?P<default>[^}]*))?\}|(?P<bare>[A-Za-z_][\w.\-]*))")
_DOLLAR = "\x00lilya-dollar\x00"
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$"}


def _unescape_double(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


class EnvironLoader(MultiDict[Any]):
    """A multi-valued mapping of configuration values; call it (or ``env()``) to read a cast value.

    ``prefix`` is prepended to every key looked up; ``ignore_case`` upper-cases all keys;
    ``strict`` turns duplicate ``.env`` keys and unresolvable ``$VAR`` references into ``EnvError``
    (otherwise a warning, and an empty string).
    """

    def __init__(
        self,
        environ: MultiDict[Any] | dict[str, Any] | str | Path | None = None,
        *,
        env_file: str | Path | None = None,
        prefix: str | None = None,
        ignore_case: bool = False,
        strict: bool = False,
    ) -> None:
        self._ignore_case = ignore_case
        self._strict = strict
        self._prefix = (prefix or "").upper() if ignore_case else (prefix or "")
        self._read_keys: set[str] = set()
        if isinstance(environ, (str, Path)):  # EnvironLoader(".env") reads that file
            env_file, environ = environ, None
        source: Mapping[str, Any] = os.environ if environ is None else environ
        pairs = source.multi_items() if isinstance(source, MultiDict) else source.items()
        super().__init__([(self._norm_key(key), value) for key, value in pairs])
        if env_file:
            self.load_from_files(env_file=env_file, strict=strict)

    # -- keys --------------------------------------------------------------------------------
    def _norm_key(self, key: str) -> str:
        return key.upper() if self._ignore_case else key

    def _full_key(self, key: str) -> str:
        return self._norm_key(self._prefix + key)

    # -- reading -----------------------------------------------------------------------------
    def env(self, key: str, cast: Cast[T] | None = None, default: Any = Empty) -> T | Any:
        """The value of ``key`` (prefix applied), cast; ``default`` (cast too) when absent.

        Falls back to the live ``os.environ`` for variables set after the loader was built.
        Raises ``KeyError`` when absent without default, ``ValueError`` when the cast fails.
        """
        full_key = self._full_key(key)
        self._read_keys.add(full_key)
        if full_key in self:
            value = super().__getitem__(full_key)
        elif full_key in os.environ:
            value = os.environ[full_key]
        elif default is not Empty:
            value = default
        else:
            raise KeyError(f"'{key}' not found in environment and no default was provided.")
        return self._cast(key, value, cast)

    def __call__(self, key: str, cast: Cast[T] | None = None, default: Any = Empty) -> T | Any:
        return self.env(key, cast=cast, default=default)

    @staticmethod
    def _cast(key: str, value: Any, cast: Cast[T] | None) -> T | Any:
        if cast is None:
            return value
        if cast is bool:
            if value is None or isinstance(value, bool):
                return value
            try:
                return parse_bool(str(value))
            except ValueError:
                raise ValueError(f"'{key}' has an invalid boolean value '{value}'.") from None
        try:
            return cast(value)
        except (TypeError, ValueError) as exc:
            name = getattr(cast, "__name__", repr(cast))
            raise ValueError(f"Cannot cast value '{value}' for key '{key}' to type '{name}'.") from exc

    def __getitem__(self, key: str) -> Any:
        full_key = self._full_key(key)
        value = super().__getitem__(full_key)  # KeyError(full_key) when absent
        self._read_keys.add(full_key)
        return value

    # -- writing -----------------------------------------------------------------------------
    def __setitem__(self, key: str, value: Any) -> None:
        full_key = self._full_key(key)
        if full_key in self._read_keys:
            raise EnvError(f"Cannot set variable '{key}' after it has been read.")
        super().__setitem__(full_key, value)

    def __delitem__(self, key: str) -> None:
        full_key = self._full_key(key)
        if full_key in self._read_keys:
            raise EnvError(f"Cannot delete variable '{key}' after it has been read.")
        if full_key not in self:
            raise EnvError(f"Attempting to delete '{key}'. Value does not exist.")
        super().__delitem__(full_key)

    # -- loading -----------------------------------------------------------------------------
    def load_all(
        self,
        *,
        env_file: str | Path | None = None,
        yaml_file: str | Path | None = None,
        include_os_env: bool = True,
        flatten: bool = True,
        overrides: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``load_from_files`` (with the loader's ``strict``), then ``export()``."""
        self.load_from_files(
            env_file=env_file,
            yaml_file=yaml_file,
            include_os_env=include_os_env,
            strict=self._strict,
            flatten=flatten,
            overrides=overrides,
        )
        return self.export()

    def load_from_files(
        self,
        *,
        env_file: str | Path | None = None,
        yaml_file: str | Path | None = None,
        include_os_env: bool = True,
        strict: bool = True,
        flatten: bool = True,
        overrides: dict[str, Any] | None = None,
    ) -> None:
        """Replace the contents with current values < ``os.environ`` < env file < YAML < overrides.

        With ``flatten`` nested YAML becomes dotted keys (``db.host``, ``ports.0``) and every value
        a string; without it mappings and lists are kept as they are.
        """
        norm = self._norm_key
        values: dict[str, Any] = {norm(key): value for key, value in self.items()}
        if include_os_env:
            values.update((norm(key), value) for key, value in os.environ.items())
        if env_file:
            values.update(self._read_env_file(env_file, strict))
        normalized_overrides = {norm(key): value for key, value in (overrides or {}).items()}
        if yaml_file:
            context = {**values, **{key: str(value) for key, value in normalized_overrides.items()}}
            data = self._read_yaml_file(yaml_file, context, strict)
            values.update(self._flatten_dict(data) if flatten else {norm(str(k)): v for k, v in data.items()})
        values.update(normalized_overrides)
        self._read_keys.clear()
        store = [
            (key, value if not flatten and isinstance(value, (dict, list)) else str(value))
            for key, value in values.items()
        ]
        super().clear()
        super().extend(store)

    def _expand(self, text: str, context: Mapping[str, Any], strict: bool, source: str) -> str:
        def replace(match: re.Match[str]) -> str:
            name = self._norm_key(match.group("braced") or match.group("bare"))
            value = context.get(name)
            if value is not None:
                return str(value)
            if match.group("default") is not None:
                return match.group("default")
            message = f"Missing required variable '{name}' in '{source}' and no default was provided."
            if strict:
                raise EnvError(message)
            return ""

        return _EXPAND.sub(replace, text.replace("$$", _DOLLAR)).replace(_DOLLAR, "$")

    def _read_text(self, file_path: str | Path) -> str | None:
        try:
            return Path(file_path).read_text(encoding="utf-8")
        except FileNotFoundError:
            warnings.warn(f"EnvironLoader file '{file_path}' not found.", stacklevel=3)
            return None

    def _read_env_file(self, file_path: str | Path, strict: bool) -> dict[str, str]:
        """``KEY=value`` lines; ``#`` comments, ``export`` prefixes and quotes understood."""
        content = self._read_text(file_path)
        if content is None:
            return {}
        found: dict[str, str] = {}
        for line in content.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            match = _LINE.match(line)
            if match is None:
                continue
            key, value = self._norm_key(match.group("name")), match.group("value")
            if len(value) >= 2 and value[0] == value[-1] == "'":
                value = value[1:-1]  # single quotes: literal, no expansion
            else:
                if len(value) >= 2 and value[0] == value[-1] == '"':
                    value = _unescape_double(value[1:-1]).replace("$$", _DOLLAR)
                else:
                    value = re.split(r"\s+#", value, maxsplit=1)[0]
                value = self._expand(value, {**os.environ, **found}, strict, str(file_path))
            if key in found:
                message = f"Duplicate variable '{key}' in '{file_path}'."
                if strict:
                    raise EnvError(message)
                warnings.warn(message, stacklevel=3)
            found[key] = value
        return found

    def _read_yaml_file(
        self, file_path: str | Path, context: Mapping[str, Any] | None = None, strict: bool | None = None
    ) -> dict[str, Any]:
        """The YAML file as data, ``${VAR|default}`` expanded from the environment and ``context``."""
        context = context or {}
        strict = self._strict if strict is None else strict
        try:
            yaml = importlib.import_module("yaml")
        except ImportError as exc:
            raise ImportError("Loading YAML needs PyYAML: install it with `pip install pyyaml`.") from exc
        content = self._read_text(file_path)
        if content is None:
            return {}
        expanded = self._expand(content, {**os.environ, **context}, strict, str(file_path))
        try:
            data = yaml.safe_load(expanded)
        except yaml.YAMLError as exc:
            raise EnvError(f"Failed to parse YAML file '{file_path}': {exc}") from exc
        return data if isinstance(data, dict) else {}

    def _flatten_dict(self, data: Mapping[Any, Any], parent: str = "") -> dict[str, Any]:
        """Nested mappings (and lists) as dotted keys: ``{"a": {"b": 1}}`` → ``{"a.b": 1}``."""
        flat: dict[str, Any] = {}
        for key, value in data.items():
            name = self._norm_key(f"{parent}.{key}" if parent else str(key))
            if isinstance(value, Mapping):
                flat.update(self._flatten_dict(value, name))
            elif isinstance(value, list):
                flat.update(self._flatten_dict({str(i): item for i, item in enumerate(value)}, name))
            else:
                flat[name] = value
        return flat

    # -- dumping -----------------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        """The values as a plain dict (the last value of a repeated key wins)."""
        return dict(self.multi_items())

    def multi_items(self) -> Generator[tuple[str, Any], None, None]:
        """Every ``(key, value)`` pair, repeated keys included."""
        yield from list(super().multi_items())

    def get_multi_items(self) -> list[tuple[str, Any]]:
        """``multi_items()`` as a list."""
        return list(self.multi_items())
