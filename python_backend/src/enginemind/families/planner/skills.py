"""The closed skill schema: actions, typed arguments, pre/post-conditions and success criteria.

Targets are typed by the context: ``object`` (graspable things), ``location`` (places and containers),
``human``; ``openable`` is any entity the context says is open/closed (or a known container word).
Pre/post-conditions are checked by ``enginemind.families.planner.validate`` on a simulated world state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OBJECT, LOCATION, HUMAN, ANY, OPENABLE = "object", "location", "human", "any", "openable"


@dataclass(frozen=True)
class Skill:
    """One action of the closed set."""

    name: str
    target: str
    """Entity type of ``target`` (object | location | human | any | openable), or '' when none."""
    destination: str = ""
    """Entity type of ``destination``; '' when the action takes none."""
    destination_required: bool = False
    args: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Allowed numeric arguments with their (min, max) range."""
    pre: tuple[str, ...] = ()
    """Readable pre-conditions (checked in validate.py)."""
    post: tuple[str, ...] = ()
    """Readable post-conditions (applied in validate.py)."""
    success: str = ""
    """Success criterion of the step, ``{target}``/``{destination}`` filled in."""
    default_force: float = 0.0
    """Force (N) the step applies unless args say otherwise (0: none)."""


_MOTION = {"speed": (0.0, 10.0)}
_FORCE = {"force": (0.0, 1000.0)}

SKILLS: dict[str, Skill] = {s.name: s for s in [
    Skill("move_to", ANY, args=dict(_MOTION), post=("robot at target",), success="robot within 0.05 m of {target}"),
    Skill("grasp", OBJECT, args=dict(_FORCE), pre=("hand empty", "robot at target", "target not in a closed container"),
          post=("holding target",), success="{target} held, gripper force stable", default_force=20.0),
    Skill("place", OBJECT, LOCATION, True, args=dict(_FORCE),
          pre=("holding target", "robot at destination", "destination open if openable"),
          post=("hand empty", "target on destination"), success="{target} rests on {destination}", default_force=10.0),
    Skill("release", OBJECT, pre=("holding target",), post=("hand empty",), success="gripper open, {target} free"),
    Skill("open", OPENABLE, args=dict(_FORCE), pre=("hand empty", "robot at target", "target closed"),
          post=("target open",), success="{target} open", default_force=30.0),
    Skill("close", OPENABLE, args=dict(_FORCE), pre=("hand empty", "robot at target", "target open"),
          post=("target closed",), success="{target} closed", default_force=30.0),
    Skill("push", OBJECT, LOCATION, args={**_FORCE, **_MOTION}, pre=("hand empty", "robot at target"),
          post=("target at destination",), success="{target} moved", default_force=40.0),
    Skill("pour", OBJECT, LOCATION, True, pre=("holding target", "robot at destination"),
          post=("target emptied into destination",), success="contents of {target} in {destination}"),
    Skill("wait", "", args={"seconds": (0.0, 3600.0)}, success="waited"),
    Skill("inspect", ANY, post=("target inspected",), success="{target} observed"),
    Skill("hand_over", OBJECT, HUMAN, True, args=dict(_FORCE), pre=("holding target", "robot at destination"),
          post=("hand empty", "human holds target"), success="{destination} holds {target}", default_force=5.0),
]}
ACTIONS = tuple(SKILLS)

OPENABLE_WORDS = frozenset({"drawer", "door", "fridge", "cabinet", "box", "oven", "microwave", "cupboard", "locker",
                            "dishwasher", "lid", "bin", "crate", "chest", "gate", "window"})
"""Entities with these words in their name can be opened and closed even without a state entry."""


@dataclass(frozen=True)
class Constraints:
    """Limits a plan must respect (context ``constraints``); defaults are conservative indoor values."""

    max_force: float = 50.0
    """Largest gripper / push force in N."""
    max_speed: float = 1.0
    """Largest base speed in m/s."""
    safety_distance: float = 0.5
    """Closest approach to a human in m."""
    human_speed: float = 0.25
    """Largest speed when the route comes within 2 x safety_distance of a human, in m/s."""
    keep_out: tuple[str, ...] = ()
    """Named places the robot must never enter."""
    min_battery: float = 0.1
    """Battery fraction that must remain at the end of the mission."""
    battery_per_m: float = 0.002
    """Battery fraction used per metre driven (route estimate)."""
