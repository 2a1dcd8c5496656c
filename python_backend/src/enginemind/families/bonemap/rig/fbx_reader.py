"""Read the node tree of an FBX file with ufbx, in a process of its own (``python fbx_reader.py < file.fbx``).

Run by ``importers.parse_fbx`` as a child process so that a crash or a hang in native code on a hostile file
costs that child, not the server's parser pool or the CLI. Imports only ufbx and the standard library.

Prints one JSON object: ``{"unit_meters", "original_unit_meters", "nodes": [{"name", "parent" (index or -1),
"kind" (mesh / bone / empty / other / root), "world" (3x4 rest matrix, columns), "bind" (3x4 or null),
"skinned", "helper"}]}`` in metres, Y up, right-handed, plus ``"pose": "first animation frame"`` when the file
has no rest pose (every bone at one point, no bind pose) and its first animation frame was used; or
``{"error": message}``.

ufbx 0.0.5 hands out cached element wrappers without a new reference on a second fetch (the same node through
``nodes[i]`` and ``children``); ``_Owner`` adds the missing reference, so every wrapper is freed exactly once.
``Node.parent`` and ``Node.bind_pose`` crash in that version and are not used.
"""

from __future__ import annotations

import ctypes
import json
import sys
from typing import Any


class _Owner:
    """Holds every wrapper fetched from one scene and fixes the reference count of repeated fetches."""

    def __init__(self) -> None:
        self.held: list[Any] = []
        self.ids: set[int] = set()
        self.fix = True

    def probe(self, nodes: Any) -> None:
        """Does a second fetch of one node add a reference? (It does not in ufbx 0.0.5; later versions may.)"""
        if len(nodes):
            first = self(nodes[0])
            before = sys.getrefcount(first)
            again = nodes[0]
            self.fix = sys.getrefcount(first) == before
            self(again)

    def __call__(self, obj: Any) -> Any:
        if obj is None or isinstance(obj, (int, float, str, bool, tuple)):
            return obj
        if id(obj) in self.ids and self.fix:  # a cached wrapper returned without a new reference
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))
        else:
            self.ids.add(id(obj))
        self.held.append(obj)
        return obj


def _mat(m: Any) -> list[list[float]]:
    return [[float(m.c0.x), float(m.c0.y), float(m.c0.z)], [float(m.c1.x), float(m.c1.y), float(m.c1.z)],
            [float(m.c2.x), float(m.c2.y), float(m.c2.z)], [float(m.c3.x), float(m.c3.y), float(m.c3.z)]]


_KINDS = {2: "mesh", 5: "bone", 6: "empty", 0: "none"}


def _load(data: bytes, animation: bool) -> Any:
    """The ufbx scene in metres, Y up, right-handed; animation curves only when asked for."""
    import ufbx

    return ufbx.load_memory(data, target_axes=ufbx.axes_right_handed_y_up, target_unit_meters=1.0,
                            ignore_animation=not animation, ignore_embedded=True, load_external_files=False,
                            generate_missing_normals=False)


def read(data: bytes) -> dict[str, Any]:
    own = _Owner()
    scene = _load(data, animation=False)
    try:
        nodes = own(scene.nodes)
        own.probe(nodes)
        ids: dict[int, int] = {}
        out: list[dict[str, Any]] = []
        objs = []
        for i in range(len(nodes)):
            n = own(nodes[i])
            objs.append(n)
            ids[n.element_id] = i
        parent = [-1] * len(objs)
        for i, n in enumerate(objs):
            kids = own(n.children)
            for k in range(len(kids)):
                parent[ids[own(kids[k]).element_id]] = i
        bind: dict[int, list[list[float]]] = {}
        poses = own(scene.poses)
        for p in range(len(poses)):
            pose = own(poses[p])
            if not pose.is_bind_pose:
                continue
            bps = own(pose.bone_poses)
            for b in range(len(bps)):
                bp = own(bps[b])
                bind.setdefault(own(bp.bone_node).element_id, _mat(bp.bone_to_world))
        skinned: set[int] = set()
        clusters = own(scene.skin_clusters)
        for c in range(len(clusters)):
            cl = own(clusters[c])
            node = own(cl.bone_node)
            if node is not None:
                skinned.add(node.element_id)
                bind[node.element_id] = _mat(cl.bind_to_world)  # the skinning bind wins over a BindPose entry
        for i, n in enumerate(objs):
            t = int(n.attrib_type)
            kind = "root" if n.is_root else _KINDS.get(t, "other")
            out.append({"name": n.name, "parent": parent[i], "kind": kind, "world": _mat(n.node_to_world),
                        "bind": bind.get(n.element_id), "skinned": n.element_id in skinned,
                        "helper": bool(n.is_geometry_transform_helper or n.is_scale_helper)})
        settings = own(scene.settings)
        res = {"unit_meters": settings.unit_meters, "original_unit_meters": settings.original_unit_meters,
               "nodes": out}
    finally:
        scene.free()
    bones = [nd["world"][3] for nd in out if nd["kind"] == "bone"]
    if len(bones) >= 3 and not bind and all(b == bones[0] for b in bones):
        # no rest pose at all (Qualisys Track Manager's animation exports keep every joint at the origin and
        # the skeleton in the curves): the first animation frame's pose stands in for it
        frame = _first_frame(data)
        if frame is not None and [n for n, _ in frame] == [nd["name"] for nd in out]:
            for nd, (_, world) in zip(out, frame, strict=True):
                nd["world"] = world
            res["pose"] = "first animation frame"
    return res


def _first_frame(data: bytes) -> list[tuple[str, list[list[float]]]] | None:
    """(name, world matrix) of every node at the start of the first animation stack, or None without one."""
    import ufbx

    own = _Owner()
    scene = _load(data, animation=True)
    try:
        stacks = own(scene.anim_stacks)
        if not len(stacks):
            return None
        stack = own(stacks[0])
        ev = ufbx.evaluate_scene(scene, own(stack.anim), stack.time_begin)
        try:
            nodes = own(ev.nodes)
            own.probe(nodes)
            return [(n.name, _mat(n.node_to_world)) for n in (own(nodes[i]) for i in range(len(nodes)))]
        finally:
            ev.free()
    finally:
        scene.free()


MEMORY_LIMIT = 4 << 30
"""Address-space cap of this process in bytes (plus 16x the file): a hostile file fails here, not the machine."""


def _limit_memory(size: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits
        return
    cap = MEMORY_LIMIT + 16 * size
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def main() -> None:
    data = sys.stdin.buffer.read()
    _limit_memory(len(data))
    try:
        res = read(data)
    except ImportError:
        res = {"error": "FBX import needs the 'ufbx' package (pip install ufbx); or export the rig as glTF / BVH"}
    except MemoryError:
        res = {"error": "the file needs more memory than allowed for one FBX import"}
    except Exception as exc:  # ufbx.UfbxError and friends: the file is not readable
        res = {"error": f"{type(exc).__name__}: {exc}".strip()}
    sys.stdout.write(json.dumps(res))


if __name__ == "__main__":
    main()
