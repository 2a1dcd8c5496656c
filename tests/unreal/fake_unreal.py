"""A fake ``unreal`` module generated from the API index of one engine version (../shared/unreal_api).

Every class, method, parameter name, property, enum member, constant and module function comes from the
index: calling something that does not exist in that version raises (AttributeError / TypeError), exactly
as a script would fail in that editor. Behaviour (what a call returns) is supplied by ``handlers`` keyed by
``"Class.method"`` (looked up along the class's index bases) or ``"unreal.function"``; every call is
recorded in ``module.fake_calls`` as ``(key, {param: value})``.
"""

from __future__ import annotations

import functools
import json
import os
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
API_DIR_ENV = "ENGINEMIND_UNREAL_API_DIR"
FULL = {"5.4": "ue5.4", "5.5": "ue5.5", "5.6": "ue5.6"}
PARTIAL = {"5.7": ("ue5.7", "ue5.6")}
"""Partial indexes are laid over the neighbouring full one (see unreal_api/README.md, 'Known gaps')."""
SUPPORTED = ("5.4", "5.5", "5.6", "5.7")
ENGINE_VERSION_STRING = {"5.4": "5.4.4-35576357+++UE5+Release-5.4", "5.5": "5.5.4-40574608+++UE5+Release-5.5",
                         "5.6": "5.6.0-43139311+++UE5+Release-5.6", "5.7": "5.7.1-47537391+++UE5+Release-5.7"}

Handler = Callable[..., Any]


def api_dir() -> Path:
    """Where the ``ue5.X.json`` indexes are: $ENGINEMIND_UNREAL_API_DIR, ../shared/unreal_api, or the subset."""
    env = os.environ.get(API_DIR_ENV)
    if env:
        return Path(env)
    shared = REPO.parent / "shared" / "unreal_api"
    if (shared / "ue5.4.json").exists():
        return shared
    return Path(__file__).resolve().parent / "api_index"


def load_index(version: str) -> dict[str, Any]:
    """The index of ``version`` as ``{"classes": ..., "functions": [...], "function_optional_params": ...}``."""
    return _load_index(version, str(api_dir()))


@functools.lru_cache(maxsize=16)
def _load_index(version: str, base_dir: str) -> dict[str, Any]:
    base = Path(base_dir)
    if version in FULL:
        return json.loads((base / f"{FULL[version]}.json").read_text(encoding="utf-8"))
    partial_name, full_name = PARTIAL[version]
    full = json.loads((base / f"{full_name}.json").read_text(encoding="utf-8"))
    partial = json.loads((base / f"{partial_name}.json").read_text(encoding="utf-8"))
    classes = dict(full["classes"])
    classes.update(partial["classes"])
    for absent in partial.get("classes_known_absent", {}):
        if absent in partial["classes"]:
            continue
        classes.pop(absent, None)
    return {"version": version, "classes": classes, "functions": partial.get("functions", full["functions"]),
            "function_optional_params": partial.get("function_optional_params", full["function_optional_params"]),
            "partial": True}


class FakeUnrealError(Exception):
    """A call the real editor would reject (wrong argument names or count)."""


def _bind(owner: str, params: list[str], optional: set[str], args: tuple[Any, ...],
          kwargs: dict[str, Any]) -> dict[str, Any]:
    """Match call arguments to the index's parameter names like Python would, or raise TypeError."""
    named = [p for p in params if not p.startswith("*")]
    star_args = any(p.startswith("*") and not p.startswith("**") for p in params)
    star_kwargs = any(p.startswith("**") for p in params)
    if len(args) > len(named) and not star_args:
        raise TypeError(f"{owner}() takes {len(named)} arguments ({named}) but {len(args)} were given")
    bound = dict(zip(named, args, strict=False))
    if star_args and len(args) > len(named):
        bound["*args"] = args[len(named):]
    for key, value in kwargs.items():
        if key in bound:
            raise TypeError(f"{owner}() got multiple values for argument '{key}'")
        if key not in named and not star_kwargs:
            raise TypeError(f"{owner}() got an unexpected keyword argument '{key}' (parameters: {named})")
        bound[key] = value
    missing = [p for p in named if p not in bound and p not in optional]
    if missing and not (star_args or star_kwargs):
        raise TypeError(f"{owner}() missing required argument(s) {missing}")
    return bound


class FakeUnreal(types.ModuleType):
    """The generated module; classes are built on first access."""

    def __init__(self, version: str, handlers: dict[str, Handler] | None = None) -> None:
        super().__init__("unreal")
        self.fake_version = version
        self.fake_index = load_index(version)
        self.fake_handlers: dict[str, Handler] = {**_builtin_handlers(self), **(handlers or {})}
        self.fake_calls: list[tuple[str, dict[str, Any]]] = []
        self._fake_classes: dict[str, type] = {}

    # ---- lookup ----------------------------------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name.startswith("fake_") or name.startswith("_fake"):
            raise AttributeError(name)
        classes = self.fake_index["classes"]
        if name in classes:
            return self.fake_class(name)
        if name in self.fake_index["functions"]:
            fn = self._make_function(name)
            setattr(self, name, fn)
            return fn
        raise AttributeError(f"module 'unreal' ({self.fake_version}) has no attribute '{name}'")

    def fake_class(self, name: str) -> type:
        if name not in self._fake_classes:
            self._fake_classes[name] = self._make_class(name)
        return self._fake_classes[name]

    def fake_mro_names(self, name: str) -> list[str]:
        """``name`` and its index bases, nearest first."""
        out, todo = [], [name]
        while todo:
            cur = todo.pop(0)
            if cur in out or cur not in self.fake_index["classes"]:
                continue
            out.append(cur)
            todo += self.fake_index["classes"][cur].get("bases", [])
        return out

    def fake_editor_properties(self, name: str) -> set[str]:
        props: set[str] = set()
        for cls in self.fake_mro_names(name):
            info = self.fake_index["classes"][cls]
            props |= set(info.get("editor_properties") or []) | set(info.get("properties") or [])
        return props

    def fake_handler(self, cls_name: str, method: str) -> Handler | None:
        for cls in self.fake_mro_names(cls_name):
            h = self.fake_handlers.get(f"{cls}.{method}")
            if h is not None:
                return h
        return None

    # ---- generation ------------------------------------------------------------------------------------
    def _make_function(self, name: str) -> Callable[..., Any]:
        module = self

        def fn(*args: Any, **kwargs: Any) -> Any:
            call = {"*args": args, **kwargs}
            module.fake_calls.append((f"unreal.{name}", call))
            handler = module.fake_handlers.get(f"unreal.{name}")
            return handler(*args, **kwargs) if handler else None

        fn.__name__ = name
        return fn

    def _make_class(self, name: str) -> type:
        info = self.fake_index["classes"][name]
        bases = tuple(self.fake_class(b) for b in info.get("bases", []) if b in self.fake_index["classes"])
        if not bases:
            bases = (_FakeBase,)
        ns: dict[str, Any] = {"__module__": "unreal", "_fake_name": name, "_fake_module": self}
        class_methods = set(info.get("class_methods") or []) | set(info.get("static_methods") or [])
        optional = info.get("optional_params") or {}
        for method, params in (info.get("methods") or {}).items():
            if method.startswith("__") and method not in ("__init__", "__enter__", "__exit__"):
                continue
            if method == "__init__":
                ns["__init__"] = self._make_init(name, params, set(optional.get("__init__", [])))
                continue
            fn = self._make_method(name, method, params, set(optional.get(method, [])), method in class_methods)
            ns[method] = classmethod(fn) if method in class_methods else fn
        if "__enter__" in (info.get("methods") or {}) and "__exit__" not in ns:
            ns["__exit__"] = self._make_method(name, "__exit__", ["*args"], set(), False)
        for prop in info.get("properties") or []:
            ns[prop] = _prop(prop)
        for member in info.get("enum_members") or []:
            ns[member] = None  # filled below (instances of the class itself)
        for const in info.get("constants") or []:
            ns[const] = None
        cls = type(name, bases, ns)
        for member in info.get("enum_members") or []:
            value = object.__new__(cls)
            object.__setattr__(value, "_fake_props", {"name": member, "value": member})
            setattr(cls, member, value)
        for const in info.get("constants") or []:
            setattr(cls, const, _constant(cls, const))
        return cls

    def _make_init(self, cls_name: str, params: list[str], optional: set[str]) -> Callable[..., None]:
        module = self

        def __init__(obj: Any, *args: Any, **kwargs: Any) -> None:
            bound = _bind(f"{cls_name}.__init__", params, optional, args, kwargs)
            object.__setattr__(obj, "_fake_props", {})
            props = module.fake_editor_properties(type(obj)._fake_name)
            for key, value in bound.items():
                if key in props:
                    obj._fake_props[key] = value
            module.fake_calls.append((f"{type(obj)._fake_name}.__init__", bound))
            handler = module.fake_handler(type(obj)._fake_name, "__init__")
            if handler:
                handler(obj, **bound)

        return __init__

    def _make_method(self, cls_name: str, method: str, params: list[str], optional: set[str],
                     is_class: bool) -> Callable[..., Any]:
        module = self

        def call(this: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(this, type) and issubclass(this, _FakeBase):
                owner = this._fake_name
            elif isinstance(this, _FakeBase):
                owner = type(this)._fake_name
            else:
                raise TypeError(f"{cls_name}.{method}() needs an unreal object as self, got {this!r}")
            bound = _bind(f"{owner}.{method}", params, optional, args, kwargs)
            module.fake_calls.append((f"{owner}.{method}", bound))
            handler = module.fake_handler(owner, method)
            if handler is None:
                return this if method == "__enter__" else None
            return handler(this, **bound)

        call.__name__ = method
        return call


class _FakeBase:
    """Root of every generated class: unknown attributes cannot be set (as on real unreal wrappers)."""

    _fake_name = "object"
    _fake_module: FakeUnreal

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        object.__setattr__(self, "_fake_props", {})

    def __setattr__(self, key: str, value: Any) -> None:
        if key.startswith("_fake") or key in _allowed_properties(self):
            if key.startswith("_fake"):
                object.__setattr__(self, key, value)
            else:
                self._fake_props[key] = value
            return
        raise AttributeError(f"'{type(self)._fake_name}' has no property '{key}' in {self._fake_module.fake_version}")

    def __repr__(self) -> str:
        props = getattr(self, "_fake_props", {})
        if "name" in props and "value" in props and len(props) == 2:
            return f"<{type(self)._fake_name}.{props['name']}>"
        label = props.get("_path") or props.get("_name") or ""
        return f"<unreal.{type(self)._fake_name} {label}>"

    def __str__(self) -> str:
        props = getattr(self, "_fake_props", {})
        if "_str" in props:
            return str(props["_str"])
        return repr(self)

    def __eq__(self, other: object) -> bool:
        props = getattr(self, "_fake_props", {})
        if "_str" in props:
            return str(self) == str(other)
        return self is other

    def __hash__(self) -> int:
        props = getattr(self, "_fake_props", {})
        return hash(str(props["_str"])) if "_str" in props else id(self)


def _allowed_properties(obj: Any) -> set[str]:
    """Index editor properties of the object's class, plus ``uproperty`` fields of a Python ``uclass``/``ustruct``."""
    return obj._fake_module.fake_editor_properties(type(obj)._fake_name) | set(getattr(type(obj), "_fake_py_props", {}))


class UProperty:
    """What ``unreal.uproperty(type, meta=...)`` returns in the fake: the declared type and default."""

    def __init__(self, type_: Any, meta: dict[str, Any] | None = None) -> None:
        self.type, self.meta = type_, dict(meta or {})

    def default(self) -> Any:
        return {str: "", float: 0.0, int: 0, bool: False}.get(self.type, [] if _is_array(self.type) else None)


def _is_array(value: Any) -> bool:
    return getattr(type(value), "_fake_name", "") == "Array"


def _declare(module: FakeUnreal) -> Callable[..., Any]:
    """``@unreal.uclass()`` / ``@unreal.ustruct()``: turn ``uproperty`` fields into properties (as the editor does)."""

    def decorator(cls: type) -> type:
        if not (isinstance(cls, type) and issubclass(cls, _FakeBase)):
            raise TypeError(f"{cls!r} must derive from an unreal class (unreal.Object / unreal.StructBase)")
        props = {k: v for k, v in vars(cls).items() if isinstance(v, UProperty)}
        if not props:
            raise TypeError(f"{cls.__name__} declares no unreal.uproperty fields")
        for name in props:
            setattr(cls, name, _prop(name))
        cls._fake_py_props = {**getattr(cls, "_fake_py_props", {}), **props}  # type: ignore[attr-defined]
        original_init = cls.__init__

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            original_init(self, *args, **kwargs)
            for name, prop in type(self)._fake_py_props.items():
                self._fake_props.setdefault(name, prop.default())

        cls.__init__ = __init__  # type: ignore[method-assign]
        return cls

    return decorator


def _builtin_handlers(module: FakeUnreal) -> dict[str, Handler]:
    """Python-type support every editor has: uclass/ustruct/uproperty, new_object, get/set_editor_property."""

    def get_prop(obj: Any, name: str) -> Any:
        if str(name) not in _allowed_properties(obj):
            raise ValueError(f"{type(obj)._fake_name}: no editor property '{name}' in {module.fake_version}")
        return obj._fake_props.get(str(name))

    def set_prop(obj: Any, name: str, value: Any, notify_mode: Any = None) -> None:
        if str(name) not in _allowed_properties(obj):
            raise ValueError(f"{type(obj)._fake_name}: no editor property '{name}' in {module.fake_version}")
        obj._fake_props[str(name)] = list(value) if isinstance(value, list | tuple) else value

    def new_object(cls: type, outer: Any = None, name: Any = None, base_type: Any = None) -> Any:
        return cls()

    return {
        "unreal.uclass": lambda *a, **k: _declare(module),
        "unreal.ustruct": lambda *a, **k: _declare(module),
        "unreal.uproperty": lambda type_, meta=None, **k: UProperty(type_, meta),
        "unreal.new_object": new_object,
        "_ObjectBase.get_editor_property": get_prop,
        "_ObjectBase.set_editor_property": set_prop,
        "StructBase.get_editor_property": get_prop,
        "StructBase.set_editor_property": set_prop,
    }


def _prop(name: str) -> property:
    def get(self: Any) -> Any:
        return self._fake_props.get(name)

    def set_(self: Any, value: Any) -> None:
        self._fake_props[name] = value

    return property(get, set_)


def _constant(cls: type, name: str) -> Any:
    value = object.__new__(cls)
    object.__setattr__(value, "_fake_props", {"_const": name})
    return value


def build(version: str, handlers: dict[str, Handler] | None = None) -> FakeUnreal:
    if version not in SUPPORTED:
        raise ValueError(f"no fake for {version}; supported: {SUPPORTED}")
    return FakeUnreal(version, handlers)
