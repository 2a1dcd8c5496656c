"""Behaviour of a fake Unreal editor on top of the index-generated ``unreal`` module (fake_unreal.py).

It models what the retarget flow depends on: a content browser (assets by path), skeletal meshes with a
reference skeleton, IK Rig / Retargeter controllers that check bone and chain names the way the editor does,
dialogs with scripted answers, slow tasks with a scripted cancel, transactions and Slate tick callbacks.
Only names that exist in the engine version's index can be called (the generated module enforces it).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.unreal import fake_ik, fake_unreal
from tests.unreal.fake_ik import RetargeterState, RigState

PLUGIN_MODULES = ("enginemind_unreal.ue",)


class FakeEditor:
    """One fake editor session of a given engine version; ``editor.unreal`` is the module to install."""

    def __init__(self, version: str, project_dir: Path) -> None:
        self.version = version
        self.project_dir = project_dir
        (project_dir / "Saved").mkdir(parents=True, exist_ok=True)
        (project_dir / "Content").mkdir(parents=True, exist_ok=True)
        self.assets: dict[str, Any] = {}
        self.directories: set[str] = set()
        self.selection: list[Any] = []
        self.dialog_answers: list[str] = []
        self.dialog_policy: Any = None
        self.details_views: list[tuple[str, Any]] = []
        self.details_policy: Any = lambda title, obj: True
        """``policy(title, obj) -> bool`` for ``show_object_details_view`` (True = OK); it may edit ``obj``."""
        """``policy(title, message, kind) -> "YES" | "NO" | "CANCEL"``; else ``dialog_answers`` in order."""
        self.dialogs: list[tuple[str, str, str]] = []
        self.cancel_after_frames: int | None = None
        self.frames: list[str] = []
        self.transactions: list[str] = []
        self.tick_callbacks: dict[int, Any] = {}
        self.shutdown_callbacks: list[Any] = []
        self.menus: dict[str, list[tuple[str, str]]] = {}
        self.saved: list[str] = []
        self.logs: list[tuple[str, str]] = []
        self.mesh_description_copies = 0
        self.batch_outputs: list[str] = []
        self.open_transactions = 0
        self.in_transaction: list[tuple[str, str]] = []
        """(what, path) of creations and deletions made while a ScopedEditorTransaction was open."""
        self.force_deleted: list[tuple[str, list[str]]] = []
        """(path, referencers) of every delete_asset of an asset that other packages still referenced."""
        self.rigs: dict[int, RigState] = {}
        self.retargeters: dict[int, RetargeterState] = {}
        self.unreal = fake_unreal.build(version, self._handlers())

    # ---- helpers for tests -----------------------------------------------------------------------------
    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        return self.unreal.fake_calls

    def call_names(self) -> list[str]:
        return [c[0] for c in self.calls]

    def add_skeletal_mesh(self, path: str, bones: list[dict[str, Any]]) -> Any:
        """``bones``: ``{name, parent, rest_position?}`` (component-space positions)."""
        mesh = self.unreal.SkeletalMesh()
        mesh._fake_props.update(_path=path, _bones=bones)
        self.assets[path] = mesh
        return mesh

    def add_anim_sequence(self, path: str, refs: list[str] | None = None) -> Any:
        """``refs``: package paths this sequence references (e.g. a shared base pose sequence)."""
        anim = self.unreal.AnimSequence()
        anim._fake_props.update(_path=path, _refs=list(refs or []))
        self.assets[path] = anim
        return anim

    def referencers(self, path: str) -> list[str]:
        """Packages that reference ``path``: rigs (their preview mesh), retargeters (rigs and preview meshes),
        sequences (their referenced sequences)."""
        target = self.assets.get(_strip(path))
        if target is None:
            return []
        users = set()
        for asset_path, asset in self.assets.items():
            rig = self.rigs.get(id(asset))
            rtg = self.retargeters.get(id(asset))
            refs: list[Any] = list(asset._fake_props.get("_refs", []))
            if rig is not None:
                refs.append(rig.mesh)
            if rtg is not None:
                refs += list(rtg.rigs.values()) + list(rtg.preview.values())
            if any(r is target or r == _strip(path) for r in refs):
                users.add(asset_path)
        return sorted(users - {_strip(path)})

    def undo(self) -> None:
        """Edit > Undo of the last transaction: object edits recorded in it are reverted, but assets created
        with AssetTools.create_asset inside it are not removed (the review in issue 13: Undo "leaves empty,
        already-saved rigs"), so a rig created in the transaction is left empty."""
        for what, path in self.in_transaction:
            asset = self.assets.get(path)
            if what == "create" and asset is not None:
                if id(asset) in self.rigs:
                    self.rigs[id(asset)] = RigState()
                if id(asset) in self.retargeters:
                    self.retargeters[id(asset)] = RetargeterState()
        self.in_transaction = []

    def _pump(self) -> None:
        """Slate ticks inside modal loops: a modal dialog runs its own Slate loop and the slow-task dialog ticks
        Slate when progress is reported, so post-tick callbacks run in the middle of the caller's code."""
        self.tick()

    def tick(self, n: int = 1) -> None:
        for _ in range(n):
            for cb in list(self.tick_callbacks.values()):
                cb(0.016)

    @contextmanager
    def installed(self) -> Iterator[Any]:
        """Install as ``sys.modules['unreal']`` and reload the plugin's ``ue`` modules against it."""
        old = sys.modules.get("unreal")
        self._purge()
        sys.modules["unreal"] = self.unreal  # type: ignore[assignment]
        try:
            yield self.unreal
        finally:
            self._purge()
            if old is not None:
                sys.modules["unreal"] = old
            else:
                sys.modules.pop("unreal", None)

    @staticmethod
    def _purge() -> None:
        app = sys.modules.get("enginemind_unreal.ue.app")
        if app is not None:
            app.reset()  # closes the backend channel and stops a backend the "editor" started
        for name in list(sys.modules):
            if name.startswith(PLUGIN_MODULES):
                del sys.modules[name]

    # ---- handlers --------------------------------------------------------------------------------------
    def _handlers(self) -> dict[str, Any]:
        u = lambda: self.unreal  # noqa: E731 (the module exists only after build)
        h: dict[str, Any] = {}

        def name_of(value: Any) -> str:
            return str(value)

        # module functions
        h["unreal.log"] = lambda msg: self.logs.append(("info", str(msg)))
        h["unreal.log_warning"] = lambda msg: self.logs.append(("warning", str(msg)))
        h["unreal.log_error"] = lambda msg: self.logs.append(("error", str(msg)))

        def register_tick(cb: Any) -> int:
            handle = len(self.tick_callbacks) + 1000
            self.tick_callbacks[handle] = cb
            return handle

        h["unreal.register_slate_post_tick_callback"] = register_tick
        h["unreal.unregister_slate_post_tick_callback"] = lambda handle: self.tick_callbacks.pop(handle, None)
        h["unreal.register_python_shutdown_callback"] = lambda cb: self.shutdown_callbacks.append(cb) or 1

        # glue / structs
        def name_init(obj: Any, value: Any = "None") -> None:
            obj._fake_props["_str"] = str(value)

        h["Name.__init__"] = name_init
        h["Object.get_path_name"] = lambda obj: obj._fake_props.get("_path", "/Engine/Transient")
        h["Object.get_name"] = lambda obj: obj._fake_props.get("_path", "Transient").rsplit("/", 1)[-1]
        h["_ObjectBase.get_path_name"] = h["Object.get_path_name"]
        h["_ObjectBase.get_name"] = h["Object.get_name"]
        h["SystemLibrary.get_engine_version"] = lambda cls: fake_unreal.ENGINE_VERSION_STRING[self.version]
        h["Paths.project_saved_dir"] = lambda cls: str(self.project_dir / "Saved") + "/"
        h["Paths.project_content_dir"] = lambda cls: str(self.project_dir / "Content") + "/"
        h["Paths.convert_relative_path_to_full"] = lambda cls, path, base_path=None: path

        # dialogs, progress, undo
        def show_message(cls: Any, title: Any, message: Any, message_type: Any, default_value: Any = None,
                         message_category: Any = None) -> Any:
            kind = message_type._fake_props["name"]
            self.dialogs.append((str(title), str(message), kind))
            self._pump()
            if kind == "OK":
                return u().AppReturnType.OK
            if self.dialog_policy is not None:
                answer = self.dialog_policy(str(title), str(message), kind)
            else:
                answer = self.dialog_answers.pop(0) if self.dialog_answers else "CANCEL"
            return getattr(u().AppReturnType, answer)

        h["EditorDialog.show_message"] = show_message

        def show_details(cls: Any, title: Any, out_object: Any, options: Any = None) -> bool:
            assert options is None or type(options)._fake_name == "EditorDialogLibraryObjectDetailsViewOptions"
            self.details_views.append((str(title), out_object))
            return bool(self.details_policy(str(title), out_object))

        h["EditorDialog.show_object_details_view"] = show_details

        def slow_should_cancel(task: Any) -> bool:
            return self.cancel_after_frames is not None and len(self.frames) >= self.cancel_after_frames

        h["ScopedSlowTask.should_cancel"] = slow_should_cancel
        def progress_frame(task: Any, work: float = 1.0, desc: Any = "") -> None:
            self.frames.append(str(desc))
            self._pump()

        h["ScopedSlowTask.enter_progress_frame"] = progress_frame

        def transaction_init(obj: Any, desc: Any = "") -> None:
            self.transactions.append(str(desc))
            self.open_transactions += 1

        def transaction_exit(obj: Any, **exc: Any) -> None:
            self.open_transactions -= 1

        h["ScopedEditorTransaction.__init__"] = transaction_init
        h["ScopedEditorTransaction.__exit__"] = transaction_exit

        # selection and assets
        h["EditorUtilityLibrary.get_selected_assets"] = lambda cls: list(self.selection)
        h["EditorAssetLibrary.does_asset_exist"] = lambda cls, asset_path: _strip(asset_path) in self.assets
        h["EditorAssetLibrary.load_asset"] = lambda cls, asset_path: self.assets.get(_strip(asset_path))
        h["EditorAssetLibrary.does_directory_exist"] = lambda cls, directory_path: directory_path in self.directories
        h["EditorAssetLibrary.make_directory"] = lambda cls, directory_path: not self.directories.add(directory_path)
        def delete_asset(cls: Any, asset_path_to_delete: str) -> bool:
            """UEditorAssetLibrary::DeleteAsset -> ObjectTools::ForceDeleteObjects (EditorAssetLibrary.cpp): it
            deletes even when other assets reference it (their references are nulled)."""
            path = _strip(asset_path_to_delete)
            if path not in self.assets:
                return False
            users = self.referencers(path)
            if users:
                self.force_deleted.append((path, users))
            if self.open_transactions:
                self.in_transaction.append(("delete", path))
            gone = self.assets.pop(path)
            for rtg in self.retargeters.values():
                for side, rig in list(rtg.rigs.items()):
                    if rig is gone:
                        rtg.rigs[side] = None
            return True

        h["EditorAssetLibrary.delete_asset"] = delete_asset
        h["EditorAssetLibrary.find_package_referencers_for_asset"] = \
            lambda cls, asset_path, load_assets_to_confirm=False: self.referencers(asset_path)

        def save_asset(cls: Any, asset_to_save: str, only_if_is_dirty: bool = True) -> bool:
            if _strip(asset_to_save) not in self.assets:
                return False
            self.saved.append(_strip(asset_to_save))
            return True

        h["EditorAssetLibrary.save_asset"] = save_asset

        def save_loaded_asset(cls: Any, asset_to_save: Any, only_if_is_dirty: bool = True) -> bool:
            self.saved.append(asset_to_save._fake_props["_path"])
            return True

        h["EditorAssetLibrary.save_loaded_asset"] = save_loaded_asset

        def find_asset_data(cls: Any, asset_path: str) -> Any:
            path = _strip(asset_path)
            if path not in self.assets:
                return u().AssetData()
            data = u().AssetData(package_name=path, package_path=path.rsplit("/", 1)[0],
                                 asset_name=path.rsplit("/", 1)[1])
            data._fake_props["_asset"] = self.assets[path]
            return data

        h["EditorAssetLibrary.find_asset_data"] = find_asset_data
        h["AssetToolsHelpers.get_asset_tools"] = lambda cls: u().AssetTools()

        def create_asset(tools: Any, asset_name: str, package_path: str, asset_class: Any, factory: Any,
                         calling_context: Any = None) -> Any:
            path = f"{package_path}/{asset_name}"
            if path in self.assets:
                return None  # IAssetTools::CreateAsset refuses existing assets
            expected = {"IKRigDefinition": "IKRigDefinitionFactory", "IKRetargeter": "IKRetargetFactory"}
            assert type(factory)._fake_name == expected[asset_class._fake_name], "factory does not match the class"
            asset = asset_class()
            asset._fake_props["_path"] = path
            self.assets[path] = asset
            if self.open_transactions:
                self.in_transaction.append(("create", path))
            return asset

        h["AssetTools.create_asset"] = create_asset

        # skeleton reading. USkeletonModifier::SetSkeletalMesh (SkeletonModifier.cpp) copies the LOD0 mesh
        # description (counted in mesh_description_copies) and refuses "/Engine/" meshes ("Cannot modify built-in
        # engine asset"); the component route reads the reference skeleton in place (USkinnedMeshComponent.cpp:
        # GetBoneName / GetParentBone / GetRefPoseTransform read GetSkinnedAsset()->GetRefSkeleton(); the ref pose
        # is parent-space, NAME_None is the root's parent).
        def modifier_set_mesh(mod: Any, skeletal_mesh: Any) -> bool:
            if not isinstance(skeletal_mesh, u().SkeletalMesh):
                return False
            if skeletal_mesh._fake_props["_path"].startswith("/Engine/"):
                return False
            self.mesh_description_copies += 1
            mod._fake_props["_bones"] = {b["name"]: b for b in skeletal_mesh._fake_props["_bones"]}
            return True

        def comp_bones(comp: Any) -> list[dict[str, Any]]:
            mesh = comp._fake_props.get("_mesh")
            return mesh._fake_props["_bones"] if mesh is not None else []

        def comp_set_mesh(comp: Any, new_mesh: Any = None, **_: Any) -> None:
            comp._fake_props["_mesh"] = new_mesh

        def comp_parent(comp: Any, bone_name: Any) -> Any:
            bones = {b["name"]: b for b in comp_bones(comp)}
            bone = bones.get(str(bone_name))
            return u().Name((bone or {}).get("parent") or "None")

        def comp_ref_pose(comp: Any, bone_index: int) -> Any:
            bones = comp_bones(comp)
            if not 0 <= bone_index < len(bones):
                return u().Transform()
            by_name = {b["name"]: b for b in bones}
            bone = bones[bone_index]
            pos = bone.get("rest_position") or (0.0, 0.0, 0.0)
            parent = by_name.get(bone.get("parent") or "")
            ppos = (parent.get("rest_position") or (0.0, 0.0, 0.0)) if parent else (0.0, 0.0, 0.0)
            x, y, z = (pos[i] - ppos[i] for i in range(3))
            return u().Transform(location=u().Vector(x=x, y=y, z=z), rotation=u().Rotator())

        h["SkeletalMeshComponent.set_skeletal_mesh_asset"] = comp_set_mesh
        h["SkinnedMeshComponent.get_num_bones"] = lambda comp: len(comp_bones(comp))
        h["SkinnedMeshComponent.get_bone_name"] = lambda comp, bone_index: u().Name(
            comp_bones(comp)[bone_index]["name"] if 0 <= bone_index < len(comp_bones(comp)) else "None")
        h["SkinnedMeshComponent.get_parent_bone"] = comp_parent
        h["SkinnedMeshComponent.get_ref_pose_transform"] = comp_ref_pose

        def bone(mod: Any, bone_name: Any) -> dict[str, Any]:
            return mod._fake_props["_bones"][str(bone_name)]

        h["SkeletonModifier.set_skeletal_mesh"] = modifier_set_mesh
        h["SkeletonModifier.get_all_bone_names"] = lambda mod: [u().Name(n) for n in mod._fake_props["_bones"]]
        h["SkeletonModifier.get_parent_name"] = lambda mod, bone_name: u().Name(
            bone(mod, bone_name)["parent"] or "None")

        def bone_transform(mod: Any, bone_name: Any, global_: bool = False) -> Any:
            assert global_, "the plugin reads component-space transforms"
            x, y, z = bone(mod, bone_name).get("rest_position") or (0.0, 0.0, 0.0)
            return u().Transform(location=u().Vector(x=x, y=y, z=z), rotation=u().Rotator())

        h["SkeletonModifier.get_bone_transform"] = bone_transform

        def transform_init(obj: Any, location: Any = None, rotation: Any = None, scale: Any = None) -> None:
            obj._fake_props["translation"] = location or u().Vector(x=0.0, y=0.0, z=0.0)
            obj._fake_props["rotation"] = u().Quat(x=0.0, y=0.0, z=0.0, w=1.0)
            obj._fake_props["scale3d"] = scale or u().Vector(x=1.0, y=1.0, z=1.0)

        h["Transform.__init__"] = transform_init

        fake_ik.rig_handlers(self, h, u)
        fake_ik.retargeter_handlers(self, h, u)
        self._menu_handlers(h, u)
        return h

    def _menu_handlers(self, h: dict[str, Any], u: Any) -> None:
        h["ToolMenus.get"] = lambda cls: u().ToolMenus()

        def extend_menu(menus: Any, name: Any) -> Any:
            menu = u().ToolMenu()
            menu._fake_props["_menu"] = str(name)
            self.menus.setdefault(str(name), [])
            return menu

        def add_entry(menu: Any, section_name: Any, args: Any) -> None:
            assert type(args)._fake_name == "ToolMenuEntry"
            self.menus[menu._fake_props["_menu"]].append((str(section_name), args._fake_props.get("_label", "")))

        def set_label(entry: Any, label: Any) -> None:
            entry._fake_props["_label"] = str(label)

        def set_command(entry: Any, type: Any, custom_type: Any, string: str) -> None:  # noqa: A002
            entry._fake_props["_command"] = string

        h["ToolMenus.extend_menu"] = extend_menu
        h["ToolMenu.add_menu_entry"] = add_entry
        h["ToolMenuEntry.set_label"] = set_label
        h["ToolMenuEntry.set_string_command"] = set_command


def _strip(path: Any) -> str:
    """``/Game/A/B.B`` -> ``/Game/A/B`` (object path to package path)."""
    path = str(path)
    head, _, tail = path.rpartition("/")
    return f"{head}/{tail.split('.')[0]}" if "." in tail else path
