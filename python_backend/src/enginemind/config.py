"""Strict loading of typed config dataclasses: the only way settings enter code.

``from_dict(SomeConfig, {...})`` rejects unknown keys and wrong types with an ``InvalidInput`` that names
the key and lists the valid ones; invariants are checked in each dataclass's ``__post_init__``.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from enginemind.errors import InvalidInput

T = TypeVar("T")


def _check_value(name: str, value: Any, tp: Any) -> Any:
    """Coerce ``value`` to the annotated type ``tp`` where lossless, else raise InvalidInput."""
    origin = typing.get_origin(tp)
    if tp is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _check_value(name, value, arg)
            except InvalidInput as exc:
                errors.append(str(exc))
        raise InvalidInput(f"config key '{name}': {value!r} does not fit {tp}")
    if origin is typing.Literal:
        if value not in typing.get_args(tp):
            raise InvalidInput(f"config key '{name}' must be one of {list(typing.get_args(tp))}, got {value!r}")
        return value
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            raise InvalidInput(f"config key '{name}' must be a list, got {type(value).__name__}")
        (item_tp, *_rest) = typing.get_args(tp) or (Any,)
        items = [_check_value(f"{name}[{i}]", v, item_tp) for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        if not isinstance(value, dict):
            raise InvalidInput(f"config key '{name}' must be an object, got {type(value).__name__}")
        return dict(value)
    if dataclasses.is_dataclass(tp):
        if isinstance(value, tp):
            return value
        if not isinstance(value, dict):
            raise InvalidInput(f"config key '{name}' must be an object")
        return from_dict(tp, value, _prefix=f"{name}.")
    if tp is bool:
        if not isinstance(value, bool):
            raise InvalidInput(f"config key '{name}' must be true or false, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
            raise InvalidInput(f"config key '{name}' must be an integer, got {value!r}")
        return int(value)
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidInput(f"config key '{name}' must be a number, got {value!r}")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise InvalidInput(f"config key '{name}' must be a string, got {value!r}")
        return value
    return value


def from_dict(cls: type[T], data: dict[str, Any] | None, *, _prefix: str = "") -> T:
    """Build ``cls`` from ``data``; unknown keys, wrong types and failed invariants raise InvalidInput."""
    data = dict(data or {})
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(fields))
    if unknown:
        shown = ", ".join(repr(_prefix + k)[:80] for k in unknown[:10])
        more = f" and {len(unknown) - 10:,} more" if len(unknown) > 10 else ""
        raise InvalidInput(
            f"unknown config key(s) {shown}{more} for {cls.__name__}; valid keys: {', '.join(sorted(fields))}"
        )
    hints = typing.get_type_hints(cls)
    kwargs = {k: _check_value(_prefix + k, v, hints[k]) for k, v in data.items()}
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"invalid {cls.__name__}: {exc}") from exc


def to_dict(config: Any) -> dict[str, Any]:
    """The resolved config as plain JSON-able data (saved next to outputs)."""
    return json.loads(json.dumps(dataclasses.asdict(config), default=str))


def load_file(cls: type[T], path: str | Path) -> T:
    """Read a JSON config file strictly."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"cannot read config file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidInput(f"config file {path} must hold a JSON object")
    return from_dict(cls, data)
