"""Business logic behind the Skeleton gRPC service (the servicer only converts messages).

Looks up and stores feedback through a
psycopg connection; all heavy work is synchronous and meant to run in a worker thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from enginemind.errors import FailedPrecondition, NotFound
from enginemind.families.bonemap import feedback as fb
from enginemind.families.bonemap.config import MapConfig
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.retarget import MappingResult
from enginemind.families.bonemap.rig.skeleton import Skeleton
from enginemind.families.bonemap.rig.targets import Target, load_target, target_from_skeleton
from enginemind.registry import store

DEFAULT_LM = "bonemap-lm"
DEFAULT_TARGET = "ue5_manny"
DEFAULT_SKELETON_MODEL = "bonemap-skeleton"


def resolve_lm(conn: Any, model: str, version: int) -> dict[str, Any]:
    """Registry row of the LM adapter (see ``registry.store.resolve``), with a hint when none is trained."""
    name = model or DEFAULT_LM
    try:
        return store.resolve(conn, name, version or None, family="bonemap")
    except NotFound:
        raise FailedPrecondition(f"no trained bone-mapping LM '{name}' in the registry: run a training job "
                                 "(enginemind jobs submit bonemap) or use engine 'matcher'") from None


def load_lm_from_files(files: dict[str, Path]) -> Any:
    from enginemind.families.bonemap.model import BoneLM
    from enginemind.lm import registered_adapter

    return BoneLM.load(**registered_adapter(files, "bonemap_lm.json", "bonemap"))


def pick_target(name: str, target_skeleton: Skeleton | None) -> Target:
    if target_skeleton is not None:
        return target_from_skeleton(target_skeleton, "custom")
    return load_target(name or DEFAULT_TARGET)


def map_with_feedback(conn: Any | None, sk: Skeleton, target: Target, engine: str, lm: Any = None,
                      use_feedback: bool = True, skel: Any = None) -> MappingResult:
    """Map, applying stored corrections for this skeleton (shipped targets only)."""
    corrections = fb.corrections_for(conn, sk, target.name) if (conn is not None and use_feedback
                                                                 and target.name != "custom") else {}
    mapper = Mapper(MapConfig(engine=engine), lm=lm, skel=skel)
    return mapper.map(sk, target, engine=engine, corrections=corrections)


def resolve_skeleton_model(conn: Any, required: bool) -> dict[str, Any] | None:
    """Registry row of the trained skeleton model (``bonemap_skeleton`` family), or None when none is trained
    and the engine can do without it (``auto``)."""
    try:
        return store.resolve(conn, DEFAULT_SKELETON_MODEL, family="bonemap_skeleton")
    except NotFound:
        if required:
            raise FailedPrecondition(f"engine 'model' needs a trained skeleton model '{DEFAULT_SKELETON_MODEL}': "
                                     "run `enginemind jobs submit bonemap_skeleton`, or use engine 'matcher'") from None
        return None


def submit_feedback(conn: Any, sk: Skeleton, target_name: str, corrections: dict[str, str | None],
                    note: str = "") -> int:
    return fb.save_feedback(conn, sk, load_target(target_name or DEFAULT_TARGET), corrections, note)
