"""``BaseSettings``: a plain class whose annotated fields can be overridden from the environment.

Per class, once (on its first instantiation): collect the fields through the MRO and plan a caster
per field. Per instance: for every field take, in order, the keyword argument, the upper-case
environment variable cast to the field's type, or the class default.
"""

from __future__ import annotations

import builtins
import inspect
import os
import sys
import threading
from functools import cached_property
from typing import Any, ClassVar, get_origin, get_type_hints

from lilya.conf._casting import Caster, caster_for, is_text
from lilya.conf.exceptions import FieldException

__all__ = ["BaseSettings", "InvalidSettingValue", "property_overrides", "safe_get_type_hints", "settings_origin"]


class InvalidSettingValue(FieldException, ValueError):
    """An environment variable's text does not fit the field's type (a ``ValueError`` too)."""


def _is_classvar(annotation: Any) -> bool:
    if isinstance(annotation, str):
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    return get_origin(annotation) is ClassVar or annotation is ClassVar


def _class_hints(cls: type) -> dict[str, Any]:
    """``cls``'s own annotations, evaluated; a name that cannot be resolved stays a string."""
    try:
        return get_type_hints(cls, include_extras=True)
    except (NameError, TypeError, AttributeError, SyntaxError):
        pass
    module = sys.modules.get(cls.__module__)
    namespace = dict(vars(module)) if module is not None else {}
    namespace.setdefault("__builtins__", builtins)
    hints: dict[str, Any] = {}
    for name, annotation in inspect.get_annotations(cls).items():
        if isinstance(annotation, str):
            try:
                annotation = eval(annotation, namespace, dict(vars(cls)))  # noqa: S307 - annotations are code
            except (NameError, TypeError, AttributeError, SyntaxError):
                pass
        hints[name] = annotation
    return hints


def safe_get_type_hints(cls: type) -> dict[str, Any]:
    """The settings fields of ``cls``: public, non-ClassVar annotations merged through the MRO.

    Unlike a bare ``get_type_hints`` this never fails because one annotation names something that
    is not importable at runtime: that field keeps its string annotation (read as ``str``).
    """
    fields: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        if base is object or "__annotations__" not in base.__dict__:
            continue
        for name, annotation in _class_hints(base).items():
            if name.startswith("_"):
                continue
            if _is_classvar(annotation):
                fields.pop(name, None)
                continue
            fields[name] = annotation
    return fields


_plan_lock = threading.Lock()


class BaseSettings:
    """Base of every settings class; see the module docstring for where values come from.

    ``post_init()`` runs after all fields are set (override it to derive values). Keyword arguments
    that name a read-only property of the class override that property for this instance.
    """

    __type_hints__: ClassVar[dict[str, Any]]
    __casters__: ClassVar[dict[str, Caster]]
    __text_fields__: ClassVar[frozenset[str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every settings class lists its fields, inherited ones included, as Lilya 0.29's do
        (``ChildSettings.__type_hints__``); the casting plan is still built on first use."""
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("__type_hints__") is None:
            cls.__type_hints__ = safe_get_type_hints(cls)

    def __init__(self, **kwargs: Any) -> None:
        cls = type(self)
        casters = cls._field_casters()
        text_fields = cls.__text_fields__
        environ = os.environ
        for name, cast in casters.items():
            raw = None if name in kwargs else environ.get(name.upper())
            if name in kwargs:
                value = kwargs.pop(name)
            elif raw is None or (not raw.strip() and name not in text_fields):
                # unset, or empty (DEBUG=) for a field that does not hold text: the class default
                value = getattr(cls, name, None)
            else:
                value = _cast_env(cls, name, raw, cast)
            object.__setattr__(self, name, value)
        if kwargs:
            self._set_extra(kwargs)
        self.post_init()

    @classmethod
    def _field_casters(cls) -> dict[str, Caster]:
        casters = cls.__dict__.get("__casters__")
        if casters is None:
            with _plan_lock:
                hints = {
                    name: annotation
                    for name, annotation in safe_get_type_hints(cls).items()
                    # a subclass may turn a field into a property: it is computed, not read
                    if not isinstance(inspect.getattr_static(cls, name, None), (property, cached_property))
                }
                casters = {name: caster_for(annotation) for name, annotation in hints.items()}
                cls.__type_hints__ = hints
                cls.__text_fields__ = frozenset(name for name, annotation in hints.items() if is_text(annotation))
                cls.__casters__ = casters
        return casters

    def _set_extra(self, values: dict[str, Any]) -> None:
        """Set keyword arguments that are not fields: plain attributes, or property overrides."""
        cls = type(self)
        overrides = {}
        for name, value in values.items():
            if isinstance(inspect.getattr_static(cls, name, None), (property, cached_property)):
                overrides[name] = value
            else:
                object.__setattr__(self, name, value)
        if overrides:
            # A property cannot be shadowed on the instance; a one-off subclass carries the values.
            # (Rare: override_settings(routes=...) and tests, never the request path.)
            origin = settings_origin(cls)
            merged = {**property_overrides(cls), **overrides}
            namespace = {
                "__module__": origin.__module__,
                "__qualname__": origin.__qualname__,
                "__settings_origin__": origin,
                "__settings_overrides__": merged,
                "__type_hints__": origin.__type_hints__,
                "__casters__": origin.__casters__,
                "__text_fields__": origin.__text_fields__,
                **merged,
            }
            object.__setattr__(self, "__class__", type(origin.__name__, (origin,), namespace))

    def post_init(self) -> None:
        """Hook run after every field is set; the base does nothing."""

    def dict(
        self,
        exclude_none: bool = False,
        upper: bool = False,
        exclude: set[str] | None = None,
        include_properties: bool = False,
    ) -> builtins.dict[str, Any]:
        """The fields (and, optionally, the properties) as a dictionary."""
        skip = exclude or set()
        result: builtins.dict[str, Any] = {}
        names = list(type(self)._field_casters())
        if include_properties:
            names += [
                name
                for name, member in inspect.getmembers(type(self))
                if isinstance(member, (property, cached_property)) and name not in names
            ]
        for name in names:
            if name in skip:
                continue
            try:
                value = getattr(self, name)
            except (AttributeError, ImportError):  # a property whose optional dependency is missing
                continue
            if exclude_none and value is None:
                continue
            result[name.upper() if upper else name] = value
        return result

    def tuple(
        self,
        exclude_none: bool = False,
        upper: bool = False,
        exclude: set[str] | None = None,
        include_properties: bool = False,
    ) -> list[builtins.tuple[str, Any]]:
        """``dict()`` as a list of ``(name, value)`` pairs."""
        return list(self.dict(exclude_none, upper, exclude, include_properties).items())

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}()"


def settings_origin(cls: type[BaseSettings]) -> type[BaseSettings]:
    """The user's settings class behind a one-off property-override subclass."""
    origin: type[BaseSettings] = cls.__dict__.get("__settings_origin__", cls)
    return origin


def property_overrides(cls: type[BaseSettings]) -> builtins.dict[str, Any]:
    """Property values carried by a one-off override subclass (empty for a normal class)."""
    overrides: builtins.dict[str, Any] = cls.__dict__.get("__settings_overrides__", {})
    return overrides


def _cast_env(cls: type[BaseSettings], name: str, raw: str, cast: Caster) -> Any:
    try:
        return cast(raw)
    except (TypeError, ValueError) as exc:
        raise InvalidSettingValue(
            f"Environment variable {name.upper()}={raw!r} cannot be read as "
            f"{cls.__type_hints__.get(name)!r} for {cls.__qualname__}.{name}: {exc}"
        ) from None
