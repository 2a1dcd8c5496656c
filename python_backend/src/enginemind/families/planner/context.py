"""Mission context: the known objects, locations, humans, their state, constraints and world facts.

``Context.from_dict`` accepts the documented ``context.json`` (docs/planner.md) and normalises names
(lower case, spaces to ``_``). Anything malformed raises ``InvalidInput`` with what to fix.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from enginemind.errors import InvalidInput
from enginemind.families.planner.skills import HUMAN, LOCATION, OBJECT, OPENABLE_WORDS, Constraints

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
MAX_ENTITIES = 64
CONSTRAINT_KEYS = {"max_force", "max_speed", "safety_distance", "human_speed", "keep_out", "min_battery",
                   "battery_per_m"}
WORLD_KEYS = {"positions", "robot", "battery", "keep_out_zones"}


def norm_name(name: Any) -> str:
    """'Coffee Cup' -> 'coffee_cup'; raises when the result is not a plain identifier."""
    if not isinstance(name, str):
        raise InvalidInput(f"entity names must be strings, got {name!r}")
    n = re.sub(r"[\s\-]+", "_", name.strip().lower())
    if not NAME_RE.match(n):
        raise InvalidInput(f"entity name {name!r} is invalid: use letters, digits, spaces or '_' (max 48)")
    return n


def _names(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_ENTITIES:
        raise InvalidInput(f"context '{what}' must be a list of at most {MAX_ENTITIES} names")
    return tuple(dict.fromkeys(norm_name(v) for v in value))


def _point(v: Any, what: str) -> tuple[float, float]:
    if (not isinstance(v, (list, tuple)) or len(v) < 2
            or not all(isinstance(c, (int, float)) and math.isfinite(c) for c in v[:2])):
        raise InvalidInput(f"{what} must be [x, y] in metres")
    return float(v[0]), float(v[1])


@dataclass(frozen=True)
class Zone:
    """Axis-aligned keep-out rectangle in world metres."""

    name: str
    lo: tuple[float, float]
    hi: tuple[float, float]

    def contains(self, p: tuple[float, float]) -> bool:
        return self.lo[0] <= p[0] <= self.hi[0] and self.lo[1] <= p[1] <= self.hi[1]


@dataclass(frozen=True)
class Context:
    """Everything the planner and the safety monitor may use besides the mission text."""

    objects: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    humans: tuple[str, ...] = ()
    state: dict[str, str] = field(default_factory=dict)
    """entity -> 'open' | 'closed' | 'on <place>' | 'in <container>'."""
    holding: str = ""
    constraints: Constraints = field(default_factory=Constraints)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    robot_pos: tuple[float, float] | None = None
    battery: float | None = None
    zones: tuple[Zone, ...] = ()
    robot_id: str = ""

    @property
    def entities(self) -> tuple[str, ...]:
        return self.objects + self.locations + self.humans

    def kind(self, name: str) -> str:
        if name in self.objects:
            return OBJECT
        if name in self.locations:
            return LOCATION
        if name in self.humans:
            return HUMAN
        return ""

    def openable(self, name: str) -> bool:
        return self.state.get(name) in ("open", "closed") or any(w in name.split("_") for w in OPENABLE_WORDS)

    def place_of(self, name: str) -> str:
        """The location an object is on/in according to ``state`` ('' when unknown)."""
        s = self.state.get(name, "")
        return s.split(" ", 1)[1] if s.startswith(("on ", "in ")) else ""

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Context:
        d = d or {}
        if not isinstance(d, dict):
            raise InvalidInput("context must be a JSON object")
        known = {"objects", "locations", "humans", "state", "constraints", "world", "robot_id"}
        extra = set(d) - known
        if extra:
            raise InvalidInput(f"unknown context key(s) {sorted(extra)}; allowed: {sorted(known)}")
        objects, locations, humans = (_names(d.get(k), k) for k in ("objects", "locations", "humans"))
        clash = (set(objects) & set(locations)) | (set(objects) & set(humans)) | (set(locations) & set(humans))
        if clash:
            raise InvalidInput(f"{sorted(clash)} listed under more than one of objects / locations / humans")
        state, holding = _state(d.get("state"), set(objects + locations + humans))
        ctx = cls(objects, locations, humans, state, holding, _constraints(d.get("constraints")),
                  robot_id=str(d.get("robot_id") or "")[:64], **_world(d.get("world")))
        return ctx

    def to_dict(self) -> dict[str, Any]:
        c = self.constraints
        out: dict[str, Any] = {"objects": list(self.objects), "locations": list(self.locations)}
        if self.humans:
            out["humans"] = list(self.humans)
        st = dict(self.state)
        if self.holding:
            st["holding"] = self.holding
        if st:
            out["state"] = st
        if c != Constraints():
            out["constraints"] = {**c.__dict__, "keep_out": list(c.keep_out)}
        world: dict[str, Any] = {}
        if self.positions:
            world["positions"] = {k: list(v) for k, v in self.positions.items()}
        if self.robot_pos is not None:
            world["robot"] = list(self.robot_pos)
        if self.battery is not None:
            world["battery"] = self.battery
        if self.zones:
            world["keep_out_zones"] = [{"name": z.name, "min": list(z.lo), "max": list(z.hi)} for z in self.zones]
        if world:
            out["world"] = world
        if self.robot_id:
            out["robot_id"] = self.robot_id
        return out


def _state(value: Any, known: set[str]) -> tuple[dict[str, str], str]:
    if value is None:
        return {}, ""
    if not isinstance(value, dict):
        raise InvalidInput("context 'state' must be an object {entity: 'open'|'closed'|'on X'|'in X', holding: X}")
    out: dict[str, str] = {}
    holding = ""
    for k, v in value.items():
        if k == "holding":
            holding = norm_name(v) if v else ""
            if holding and holding not in known:
                raise InvalidInput(f"state.holding names {holding!r}, which is not a context object")
            continue
        name = norm_name(k)
        if name not in known:
            raise InvalidInput(f"state names {k!r}, which is not in objects, locations or humans")
        s = str(v).strip().lower()
        if s in ("open", "closed"):
            out[name] = s
        elif s.startswith(("on ", "in ")):
            place = norm_name(s[3:])
            if place not in known:
                raise InvalidInput(f"state of {k!r} says {v!r}, but {place!r} is not in the context")
            out[name] = f"{s[:2]} {place}"
        else:
            raise InvalidInput(f"state of {k!r} must be 'open', 'closed', 'on <place>' or 'in <container>', got {v!r}")
    return out, holding


def _num(d: dict[str, Any], key: str, default: float) -> float:
    v = d.get(key, default)
    if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
        raise InvalidInput(f"constraint {key} must be a finite number, got {v!r}")
    return float(v)


def _constraints(value: Any) -> Constraints:
    """Constraints as given; contradictory values are kept and reported by the safety monitor."""
    if value is None:
        return Constraints()
    if not isinstance(value, dict):
        raise InvalidInput("context 'constraints' must be an object")
    extra = set(value) - CONSTRAINT_KEYS
    if extra:
        raise InvalidInput(f"unknown constraint(s) {sorted(extra)}; allowed: {sorted(CONSTRAINT_KEYS)}")
    base = Constraints()
    keep = value.get("keep_out", [])
    if not isinstance(keep, list):
        raise InvalidInput("constraint keep_out must be a list of place names")
    return Constraints(**{k: _num(value, k, getattr(base, k)) for k in CONSTRAINT_KEYS - {"keep_out"}},
                       keep_out=tuple(norm_name(k) for k in keep))


def _world(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict) or set(value) - WORLD_KEYS:
        raise InvalidInput(f"context 'world' must be an object with keys from {sorted(WORLD_KEYS)}")
    pos = value.get("positions") or {}
    if not isinstance(pos, dict):
        raise InvalidInput("world.positions must be an object {entity: [x, y]}")
    out: dict[str, Any] = {"positions": {norm_name(k): _point(v, f"world.positions.{k}") for k, v in pos.items()}}
    if value.get("robot") is not None:
        out["robot_pos"] = _point(value["robot"], "world.robot")
    if value.get("battery") is not None:
        b = value["battery"]
        if not isinstance(b, (int, float)) or not 0.0 <= b <= 1.0:
            raise InvalidInput("world.battery must be a fraction in 0..1")
        out["battery"] = float(b)
    zones = []
    for z in value.get("keep_out_zones") or []:
        if not isinstance(z, dict):
            raise InvalidInput("world.keep_out_zones entries must be {name, min: [x, y], max: [x, y]}")
        lo, hi = _point(z.get("min"), "keep_out_zones.min"), _point(z.get("max"), "keep_out_zones.max")
        zones.append(Zone(str(z.get("name") or "zone")[:48], (min(lo[0], hi[0]), min(lo[1], hi[1])),
                          (max(lo[0], hi[0]), max(lo[1], hi[1]))))
    out["zones"] = tuple(zones)
    return out
