"""The one-button retarget: skeleton -> MapSkeleton -> review -> IK Rigs -> IK Retargeter -> batch retarget.

RPCs run on worker threads (``TickRunner``); everything that touches assets runs in the Slate tick callback,
inside a ScopedSlowTask (progress + cancel). There is no editor transaction: Undo does not remove assets made
with ``AssetTools.create_asset`` (it would only empty them) nor the batch's duplicates, so a transaction would
promise what it cannot do. Each run records what it created; ``remove_created`` deletes that again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enginemind_unreal.chains import RigPlan, plan_source_rig
from enginemind_unreal.errors import Cancelled, EngineMindError
from enginemind_unreal.naming import AssetNames, plan_names, sanitize
from enginemind_unreal.review import ReviewModel
from enginemind_unreal.session import BackendSession
from enginemind_unreal.settings import Settings
from enginemind_unreal.skeleton import Skeleton
from enginemind_unreal.tasks import TickRunner
from enginemind_unreal.ue import assets, batch, editor, ik_rig, retargeter
from enginemind_unreal.ue.skeleton_reader import read_skeleton
from enginemind_unreal.version import EngineVersion


@dataclass
class RetargetJob:
    """State of one retarget from click to report."""

    source_mesh: Any
    target_mesh: Any
    anims: list[Any]
    version: EngineVersion
    skeleton: Skeleton
    target_name: str
    target_skeleton: Skeleton | None = None
    result: dict[str, Any] = field(default_factory=dict)
    review: ReviewModel | None = None
    plan: RigPlan | None = None
    names: AssetNames | None = None
    created: dict[str, str] = field(default_factory=dict)
    made: list[str] = field(default_factory=list)
    """Asset paths this run created (not reused ones), in creation order: what ``remove_created`` deletes."""
    replace: list[str] = field(default_factory=list)
    """Existing assets the artist agreed to replace (nothing else references them)."""
    report: dict[str, Any] = field(default_factory=dict)
    status: str = "mapping"
    """mapping | review | building | done | cancelled | failed"""


def review_file(settings_saved_dir: Path, mesh_name: str) -> Path:
    """Where the pending review of a mesh is kept between runs (the artist edits it to change mappings)."""
    return settings_saved_dir / "EngineMind" / "Reviews" / f"{sanitize(mesh_name)}.review.json"


class RetargetFlow:
    """Drives retarget jobs; ``runner.tick`` must be called on the game thread (Slate post-tick)."""

    def __init__(self, settings: Settings, session: BackendSession, runner: TickRunner) -> None:
        self.settings = settings
        self.session = session
        self.runner = runner
        self.jobs: list[RetargetJob] = []

    # ---- step 1: read and map (worker thread) --------------------------------------------------------------
    def start(self, source_mesh: Any, target_mesh: Any = None, anims: list[Any] | None = None) -> RetargetJob:
        version = editor.engine_version()
        version.check_supported()
        if version.is_newer_than_checked:
            editor.warn(f"Unreal {version} is newer than the versions this plugin was checked against (5.7)")
        custom_target = target_mesh is not None
        target_mesh = target_mesh or assets.load(self.settings.target_mesh)
        if target_mesh is None:
            raise EngineMindError(
                f"target mesh {self.settings.target_mesh} not found; add the UE5 Mannequin (Third Person template) "
                "to the project, select a target skeletal mesh together with the source, or set target_mesh"
            )
        job = RetargetJob(source_mesh, target_mesh, list(anims or []), version, read_skeleton(source_mesh),
                          self.settings.default_target)
        if custom_target:
            job.target_skeleton = read_skeleton(target_mesh)
            job.target_name = sanitize(target_mesh.get_name())
        self.jobs.append(job)
        skeleton_json = job.skeleton.to_dict()
        target_json = job.target_skeleton.to_dict() if job.target_skeleton else None
        target = self.settings.default_target if target_json is None else ""

        def call() -> tuple[dict[str, Any], list[str]]:
            client = self.session.get_client()
            result = client.map_skeleton(skeleton_json, target, target_json)
            bones = client.get_target(result.get("target") or target)["bones"] if target_json is None else []
            return result, bones

        editor.log(f"mapping {source_mesh.get_path_name()} ({len(job.skeleton.bones)} bones) onto {job.target_name}")
        self.runner.submit(call, lambda out: self._mapped(job, *out), lambda exc: self._failed(job, exc),
                           timeout_s=self.settings.rpc_timeout_s + self.settings.start_timeout_s,
                           label="MapSkeleton")
        return job

    # ---- step 2: review (game thread) ----------------------------------------------------------------------
    def _mapped(self, job: RetargetJob, result: dict[str, Any], target_bones: list[str]) -> None:
        job.result = result
        for warning in result.get("warnings") or []:
            editor.warn(f"backend: {warning}")
        target_bones = job.target_skeleton.names if job.target_skeleton else target_bones
        review = ReviewModel(result, self.settings.confidence_threshold, target_bones)
        path = review_file(editor.project_saved_dir(), job.source_mesh.get_name())
        if path.exists():
            _apply_saved_edits(review, path)
        job.review = review
        low = review.low_confidence()
        if review.needs_review() and self.settings.review_in_editor:
            job.status = "review"
            outcome = self._review_in_editor(review, low)
            if outcome is False:
                job.status = "cancelled"
                return
            if outcome is True:
                low = []
        if review.needs_review():
            job.status = "review"
            answer = editor.ask_yes_no_cancel(_review_message(low, path))
            if answer == "cancel":
                job.status = "cancelled"
                return
            if answer == "no":
                review.save(path)
                job.status = "cancelled"
                job.report["review_file"] = str(path)
                if self.settings.open_review_file:
                    editor.open_file(path)
                editor.show(f"The mapping review was saved to\n{path}\n\nChange 'chosen' and 'status' "
                            "('changed' or 'cleared') for any bone, save, then run Retarget again.")
                return
            review.accept_all(low)
        try:
            self.build(job)
        except Exception as exc:
            self._failed(job, exc)

    def _review_in_editor(self, review: ReviewModel, low: list[Any]) -> bool | None:
        """The editable table; None when it cannot be shown here (then the message + JSON route is used)."""
        try:
            from enginemind_unreal.ue import review_dialog

            ok, warnings = review_dialog.edit_rows(review, [r for r in low if r.status == "pending"])
        except Exception as exc:  # an editor without Python-defined types: fall back, do not fail
            editor.warn(f"mapping review table unavailable ({exc!r}); using the message and the review file")
            return None
        for warning in warnings:
            editor.warn(f"review: {warning}")
        if ok:
            review.accept_all(review.low_confidence())
        return ok

    # ---- step 3: assets (game thread, cancellable) -----------------------------------------------------------
    def build(self, job: RetargetJob) -> None:
        assert job.review is not None
        job.status = "building"
        job.plan = plan_source_rig(job.review.reviewed_result(), job.skeleton)
        for warning in job.plan.warnings:
            editor.warn(warning)
        job.names = self._names(job)
        if job.replace:  # before anything is built, outside any undo step; only unreferenced assets
            assets.delete_unreferenced(job.replace)
        steps = 5 + (1 if job.anims else 0)
        with editor.Progress(steps, "EngineMind retarget") as progress:
            try:
                self._build_assets(job, progress)
            except Cancelled:
                job.status = "cancelled"
                editor.warn("retarget cancelled; the assets created so far stay (Tools > EngineMind > "
                            "Remove assets of the last retarget deletes them)")
                return
        self._finish(job)

    def _names(self, job: RetargetJob) -> AssetNames:
        """Free names; an existing target IK Rig is reused; existing assets are replaced only if the artist
        agrees and nothing else references them (else a numbered name is used for that one)."""
        folder, mesh = self.settings.output_folder, job.source_mesh.get_name()
        plain = plan_names(folder, mesh, job.target_name, assets.exists, overwrite=True)
        reuse = self.settings.target_ik_rig if job.target_skeleton is None else ""
        if not reuse and assets.exists(plain.path(plain.target_rig)):
            reuse = plain.path(plain.target_rig)  # shared by every retargeter onto this target: never recreated
        names = plan_names(folder, mesh, job.target_name, assets.exists, reuse_target_rig=reuse)
        wanted = plan_names(folder, mesh, job.target_name, assets.exists, overwrite=True, reuse_target_rig=reuse)
        if not wanted.overwrite:
            return names
        in_use = {p: assets.referencers(p, ignore=wanted.overwrite) for p in wanted.overwrite}
        free = [p for p in wanted.overwrite if not in_use[p]]
        kept = "".join(f"\n  {p} (used by {', '.join(users)})" for p, users in in_use.items() if users)
        if kept:
            editor.warn("kept (other assets use them), new numbered names are used instead:" + kept)
        if not free or not editor.ask_yes_no(
                "These assets already exist:\n" + "\n".join(free) + "\n\nReplace them? (No keeps them and creates "
                "new assets with a numbered name)" + (f"\n\nKept in any case, other assets use them:{kept}"
                                                      if kept else "")):
            return names
        source = wanted.source_rig if wanted.path(wanted.source_rig) in free else names.source_rig
        rtg = wanted.retargeter if wanted.path(wanted.retargeter) in free else names.retargeter
        job.replace = sorted(free, key=lambda p: 0 if p.rsplit("/", 1)[-1].startswith("RTG_") else 1)
        return AssetNames(folder, source, names.target_rig, rtg, tuple(free), reuse)

    def _build_assets(self, job: RetargetJob, progress: editor.Progress) -> None:
        names, plan = job.names, job.plan
        assert names is not None and plan is not None

        def step(text: str) -> None:
            if not progress.step(text):
                raise Cancelled("cancelled by the artist")

        step(f"Creating source IK Rig {names.source_rig}")
        source_rig = assets.create_ik_rig(names.folder, names.source_rig)
        job.made.append(source_rig.get_path_name())
        chains = ik_rig.build_source_rig(source_rig, job.source_mesh, plan, job.version)
        job.created["source_rig"] = source_rig.get_path_name()
        step("Preparing target IK Rig")
        if names.reused_target_rig:
            target_rig = assets.load(names.reused_target_rig)
            if target_rig is None:
                raise EngineMindError(f"target IK Rig {names.reused_target_rig} not found; fix target_ik_rig")
        else:
            target_rig = assets.create_ik_rig(names.folder, names.target_rig)
            job.made.append(target_rig.get_path_name())
            ik_rig.build_target_rig(target_rig, job.target_mesh)
        job.created["target_rig"] = target_rig.get_path_name()
        step(f"Creating IK Retargeter {names.retargeter}")
        rtg = assets.create_retargeter(names.folder, names.retargeter)
        job.made.append(rtg.get_path_name())
        job.report = retargeter.build_retargeter(rtg, source_rig, target_rig, job.source_mesh, job.target_mesh,
                                                 plan.chain_pairs(), job.version)
        job.report["chains"] = chains
        job.created["retargeter"] = rtg.get_path_name()
        step("Saving assets")
        for asset in (source_rig, rtg) if names.reused_target_rig else (source_rig, target_rig, rtg):
            assets.save(asset)
        if job.anims:
            made = batch.retarget_animations(job.anims, job.source_mesh, job.target_mesh, rtg,
                                             self.settings.batch_suffix, job.version, progress.step)
            job.made += made
            job.report["animations"] = made

    def remove_created(self, job: RetargetJob) -> list[str]:
        """Delete what ``job`` created (animations first, then the retargeter, then rigs), if nothing else uses
        it; raises without deleting anything when something does."""
        deleted = assets.delete_unreferenced([assets.package_of(p) for p in reversed(job.made)])
        job.made = []
        return deleted

    # ---- step 4: feedback + report -------------------------------------------------------------------------
    def _finish(self, job: RetargetJob) -> None:
        assert job.review is not None and job.names is not None
        review_path = editor.content_path_on_disk(job.names.path(job.names.retargeter + ".mapping.json"))
        job.review.save(review_path)
        job.created["review"] = str(review_path)
        pending = review_file(editor.project_saved_dir(), job.source_mesh.get_name())
        pending.unlink(missing_ok=True)
        corrections = job.review.feedback()
        if corrections and job.target_skeleton is None:  # feedback is stored per shipped target
            skeleton_json = job.skeleton.to_dict()
            target = job.result.get("target") or job.target_name

            def send() -> Any:
                return self.session.get_client().submit_feedback(skeleton_json, target, corrections)

            self.runner.submit(send, lambda _: editor.log(f"sent {len(corrections)} mapping correction(s)"),
                               lambda exc: editor.warn(f"mapping feedback not sent: {exc}"),
                               timeout_s=self.settings.rpc_timeout_s, label="SubmitMappingFeedback")
        job.status = "done"
        unmapped = job.report.get("unmapped") or []
        lines = [f"Created {job.created['source_rig']}", f"Target rig {job.created['target_rig']}",
                 f"Retargeter {job.created['retargeter']}",
                 f"{len(job.report.get('mapped', []))} chains mapped" +
                 (f", not mapped: {', '.join(s for s, _ in unmapped)}" if unmapped else "")]
        if job.report.get("animations"):
            lines.append(f"{len(job.report['animations'])} animation(s) retargeted")
        editor.log("; ".join(lines))
        editor.show("\n".join(lines), "EngineMind: retarget done")

    def _failed(self, job: RetargetJob, exc: BaseException) -> None:
        job.status = "failed"
        job.report["error"] = str(exc)
        made = "".join(f"\n  {path}" for path in job.made)
        extra = (f"\n\nCreated before the failure (Tools > EngineMind > Remove assets of the last retarget "
                 f"deletes them):{made}" if made else "")
        editor.show_error(f"Retarget of {job.source_mesh.get_name()} failed:\n{exc}{extra}")


def _review_message(low: list[Any], path: Path) -> str:
    lines = [f"{r.source} -> {r.suggested or '(none)'}  ({r.confidence:.0%})" for r in low[:25]]
    more = f"\n... and {len(low) - 25} more" if len(low) > 25 else ""
    return ("These bones have a low-confidence mapping:\n\n" + "\n".join(lines) + more +
            "\n\nYes: accept them and create the assets.\nNo: save them for review (change or clear mappings "
            f"in {path.name}, then Retarget again).\nCancel: stop.")


def _apply_saved_edits(review: ReviewModel, path: Path) -> None:
    """Overlay the artist's edits from a saved review onto a fresh mapping (same bone names only)."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        editor.warn(f"ignoring unreadable review {path}: {exc}")
        return
    for warning in review.apply_saved(saved.get("rows", [])):
        editor.warn(f"review: {warning}")
