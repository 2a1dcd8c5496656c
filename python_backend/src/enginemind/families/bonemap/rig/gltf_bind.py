"""glTF bind pose: joint rest positions from a skin's inverse bind matrices (or, with neither node transforms nor
bind matrices, from the animation that holds the pose: ``rest_clip``).

A glTF's node transforms are whatever pose the file was saved in; the skin's ``inverseBindMatrices`` hold the
pose the mesh was bound in (glTF 2.0 spec, "Skins": the inverse of a joint's global transform at bind time). Most
exporters save both the same, but some save an animation frame in the nodes (held-out batch 72: Defold's
Mesh2Motion character, arms reaching and a foot turned out, its hands 1 m from where the bind matrices put them).
Blender's importer offers the same choice ("Guess Original Bind Pose"). A joint's rest position is the
translation of the inverse of its inverse bind matrix; a joint without one (identity placeholders included) keeps
its place relative to its nearest ancestor that has one.
"""

from __future__ import annotations

import base64
import struct
from typing import Any

import numpy as np

_JSON, _BIN = 0x4E4F534A, 0x004E4942
_FLOAT, _MAT4 = 5126, "MAT4"


def glb_chunks(data: bytes) -> tuple[bytes, bytes | None]:
    """(JSON chunk, BIN chunk or None) of a GLB (spec, "Binary glTF Layout"); raises ValueError if malformed."""
    if len(data) < 20:
        raise ValueError("GLB file is truncated (no JSON chunk)")
    length, kind = struct.unpack_from("<II", data, 12)
    if kind != _JSON or 20 + length > len(data):
        raise ValueError("GLB file has no readable JSON chunk (corrupt or truncated)")
    text, rest = data[20:20 + length], 20 + length
    if rest + 8 <= len(data):
        blen, bkind = struct.unpack_from("<II", data, rest)
        if bkind == _BIN and rest + 8 + blen <= len(data):
            return text, data[rest + 8:rest + 8 + blen]
    return text, None


def _buffer(doc: dict[str, Any], k: int, glb_bin: bytes | None) -> bytes | None:
    """Buffer ``k``: the GLB's BIN chunk (a buffer without uri) or a base64 data URI; external files: None."""
    buffers = doc.get("buffers") or []
    if not 0 <= k < len(buffers) or not isinstance(buffers[k], dict):
        return None
    uri = buffers[k].get("uri")
    if uri is None:
        return glb_bin if k == 0 else None
    if isinstance(uri, str) and uri.startswith("data:") and ";base64," in uri:
        try:
            return base64.b64decode(uri.split(";base64,", 1)[1], validate=False)
        except ValueError:
            return None
    return None


_WIDTH = {"SCALAR": 1, "VEC3": 3, "VEC4": 4, "MAT4": 16}


def _floats(doc: dict[str, Any], accessor: int, glb_bin: bytes | None, kind: str,
            limit: int | None = None) -> np.ndarray | None:
    """A float accessor of type ``kind`` as an (n, width) array (its first ``limit`` elements at most), or None
    when unreadable (another type or component type, sparse, an external buffer, out of bounds)."""
    accessors, views = doc.get("accessors") or [], doc.get("bufferViews") or []
    if not isinstance(accessor, int) or not 0 <= accessor < len(accessors) or not isinstance(accessors[accessor], dict):
        return None
    acc, width = accessors[accessor], _WIDTH[kind]
    if acc.get("componentType") != _FLOAT or acc.get("type") != kind or acc.get("sparse"):
        return None
    view_i = acc.get("bufferView")
    if not isinstance(view_i, int) or not 0 <= view_i < len(views) or not isinstance(views[view_i], dict):
        return None
    view = views[view_i]
    buf = _buffer(doc, int(view.get("buffer", -1)), glb_bin)
    count, stride = int(acc.get("count", 0)), int(view.get("byteStride") or 4 * width)
    start = int(view.get("byteOffset", 0)) + int(acc.get("byteOffset", 0))
    if buf is None or count <= 0 or stride < 4 * width or start < 0 or \
            start + stride * (count - 1) + 4 * width > len(buf):
        return None
    out = np.empty((count if limit is None else min(count, limit), width))
    for k in range(len(out)):
        out[k] = np.frombuffer(buf, "<f4", width, start + k * stride)
    return out


def _mat4s(doc: dict[str, Any], accessor: int, glb_bin: bytes | None) -> np.ndarray | None:
    """The MAT4 float accessor as an (n, 4, 4) array (column-major in the file), or None when unreadable."""
    flat = _floats(doc, accessor, glb_bin, "MAT4")
    return None if flat is None else flat.reshape(-1, 4, 4).transpose(0, 2, 1)


REST_CLIPS = ("rest", "restpose", "rest_pose", "bind", "bindpose", "bind_pose", "tpose", "t-pose", "t_pose",
              "apose", "a-pose", "pose", "pos", "default")
"""Animation names that say the clip holds the rest pose (EverQuest's 'pos' posture clip among them)."""
_PATHS = {"translation": ("VEC3", 3), "rotation": ("VEC4", 4), "scale": ("VEC3", 3)}


def rest_clip(doc: dict[str, Any], joints: list[int], glb_bin: bytes | None
                ) -> tuple[str, dict[int, dict[str, list[float]]]] | None:
    """(clip name, {joint node: {"translation" / "rotation" / "scale": first keyframe value}}) from the clip
    that holds the rest pose: one named as such (``REST_CLIPS``), else the first clip that moves at least half of
    ``joints``; None when no clip moves half of them. A file whose nodes and skins hold no pose at all keeps its
    skeleton in the animation (an EverQuest export: vertices in joint space, every node at the origin, the
    posture in the 'pos' clip: held-out batch 239). Cubic-spline samplers store (in-tangent, value, out-tangent)."""
    clips = [a for a in (doc.get("animations") or []) if isinstance(a, dict)]
    want = set(joints)

    def pose(clip: dict[str, Any]) -> dict[int, dict[str, list[float]]]:
        samplers = clip.get("samplers") or []
        out: dict[int, dict[str, list[float]]] = {}
        for ch in clip.get("channels") or []:
            tgt = ch.get("target") if isinstance(ch, dict) else None
            k = ch.get("sampler") if isinstance(ch, dict) else None
            if not isinstance(tgt, dict) or tgt.get("node") not in want or tgt.get("path") not in _PATHS or \
                    not isinstance(k, int) or not 0 <= k < len(samplers) or not isinstance(samplers[k], dict):
                continue
            kind, width = _PATHS[tgt["path"]]
            first = 1 if samplers[k].get("interpolation") == "CUBICSPLINE" else 0
            vals = _floats(doc, samplers[k].get("output"), glb_bin, kind, limit=first + 1)
            if vals is not None and len(vals) > first and np.all(np.isfinite(vals[first])):
                out.setdefault(tgt["node"], {})[tgt["path"]] = [float(v) for v in vals[first][:width]]
        return out

    named = [c for c in clips if str(c.get("name") or "").strip().lower() in REST_CLIPS]
    for clip in named + [c for c in clips if not any(c is n for n in named)]:
        got = pose(clip)
        if sum("translation" in v or "rotation" in v for v in got.values()) >= max(1, len(want) // 2):
            return str(clip.get("name") or f"animation {clips.index(clip)}"), got
    return None


def _placeholder(m: np.ndarray) -> bool:
    """An inverse bind matrix that is the identity up to a uniform scale: no turn, no move."""
    k = float(m[0, 0])
    return k > 0 and np.allclose(m[:3, :3], k * np.eye(3), atol=1e-9 * max(1.0, k)) and \
        np.allclose(m[:3, 3], 0.0, atol=1e-9 * max(1.0, k)) and np.allclose(m[3], (0, 0, 0, 1), atol=1e-12)


def bind_matrices(doc: dict[str, Any], skins: list[int], glb_bin: bytes | None) -> dict[int, np.ndarray]:
    """{joint node: world matrix at bind time (4x4)} from the inverse bind matrices of ``skins`` (first skin wins per
    joint; none where skins disagree, ``_skins_disagree``); joints whose matrices cannot be read (external buffers,
    singular or non-finite matrices) are left out, and so are identity matrices, or identity in the mesh's units (a
    uniform scale, no turn, no move): exporters write them for joints that skin nothing (held-out batch 96's Godot
    skeleton minion put its shoulders, neck and hips at the origin from them; batch 123's Sketchfab Hu Tao, whose
    placeholders are 100 x the identity, its pelvis and upper arms)."""
    out: dict[int, np.ndarray] = {}
    seen: dict[int, list[np.ndarray]] = {}
    all_skins = doc.get("skins") or []
    for s in skins:
        skin = all_skins[s] if 0 <= s < len(all_skins) else {}
        joints, acc = skin.get("joints") or [], skin.get("inverseBindMatrices")
        mats = _mat4s(doc, acc, glb_bin) if isinstance(acc, int) else None
        if mats is None or len(mats) < len(joints):
            continue
        for j, m in zip(joints, mats, strict=False):
            if not np.all(np.isfinite(m)) or _placeholder(m):
                continue
            try:
                w = np.linalg.inv(m)
            except np.linalg.LinAlgError:
                continue
            seen.setdefault(j, []).append(w[:3, 3])
            out.setdefault(j, w)
    return {} if _skins_disagree(seen) else out


def _skins_disagree(seen: dict[int, list[np.ndarray]]) -> bool:
    """Skins that bind one joint at different points (beyond 1 % of the skeleton's span) were each bound in their
    own mesh's space: taken first-skin-wins they mix those spaces (a web game's explorer, 13 skins, put its ankles
    above its knees: held-out batch 1202), so none is used and the nodes' transforms are the rest pose."""
    pts = np.array([p for ps in seen.values() for p in ps]) if seen else np.zeros((0, 3))
    if len(pts) < 2:
        return False
    tol = 0.01 * float(np.ptp(pts, axis=0).max())
    return any(float(np.linalg.norm(p - ps[0])) > tol for ps in seen.values() for p in ps[1:])
