"""Menu actions and the editor-wide singletons (settings, backend session, tick runner, retarget flow)."""

from __future__ import annotations

from typing import Any

import unreal

from enginemind_unreal import settings as settings_mod
from enginemind_unreal.errors import EngineMindError
from enginemind_unreal.session import BackendSession
from enginemind_unreal.tasks import TickRunner
from enginemind_unreal.ue import editor
from enginemind_unreal.ue.flow import RetargetFlow, review_file

_state: dict[str, Any] = {}
_shutdown_hook: list[Any] = []


def state() -> dict[str, Any]:
    """Created on first use: ``settings``, ``session``, ``runner``, ``flow``."""
    if not _state:
        path = settings_mod.settings_path(editor.project_saved_dir())
        settings = settings_mod.load(path)
        session = BackendSession(settings)
        runner = TickRunner(unreal.register_slate_post_tick_callback, unreal.unregister_slate_post_tick_callback)
        _state.update(settings=settings, settings_path=path, session=session, runner=runner,
                      flow=RetargetFlow(settings, session, runner))
        if not _shutdown_hook:
            _shutdown_hook.append(unreal.register_python_shutdown_callback(shutdown))
    return _state


def reset() -> None:
    """Forget the singletons (settings changed, or tests)."""
    if _state.get("session") is not None:
        _state["session"].close()
    _state.clear()


def shutdown() -> None:
    reset()


def _guard(action: Any) -> Any:
    try:
        return action()
    except EngineMindError as exc:
        editor.show_error(str(exc))
    except Exception as exc:  # an editor dialog is better than a silent traceback in the log
        editor.show_error(f"unexpected error: {exc!r}; see the Output Log (LogPython)")
    return None


# ---- menu actions ----------------------------------------------------------------------------------------
def retarget_selected() -> Any:
    """Content Browser / Tools menu: retarget the selected Skeletal Mesh (a second selected mesh is the target)."""
    def run() -> Any:
        meshes = editor.selected_skeletal_meshes()
        if not meshes:
            raise EngineMindError("select a Skeletal Mesh in the Content Browser first")
        target = meshes[1] if len(meshes) > 1 else None
        if target is not None and not editor.ask_yes_no(
                f"Retarget {meshes[0].get_name()} onto {target.get_name()} (the second selected mesh)?"):
            return None
        return state()["flow"].start(meshes[0], target, editor.selected_anim_sequences())

    return _guard(run)


def open_review() -> Any:
    """Open the saved mapping review of the selected mesh in the system's JSON editor."""
    def run() -> Any:
        meshes = editor.selected_skeletal_meshes()
        if not meshes:
            raise EngineMindError("select the Skeletal Mesh whose mapping review you want to open")
        path = review_file(editor.project_saved_dir(), meshes[0].get_name())
        if not path.exists():
            raise EngineMindError(f"no pending review for {meshes[0].get_name()}; run Retarget first ({path})")
        editor.open_file(path)
        return path

    return _guard(run)


def remove_last_retarget() -> Any:
    """Delete what the last retarget of this session created (the IK Rigs it made, the retargeter, the
    retargeted animations), after a confirmation; assets that other assets use are refused, nothing is deleted."""
    def run() -> Any:
        flow = state()["flow"]
        job = next((j for j in reversed(flow.jobs) if j.made), None)
        if job is None:
            raise EngineMindError("this editor session has no retarget whose assets could be removed")
        if not editor.ask_yes_no("Delete these assets created by the last retarget?\n\n" + "\n".join(job.made)):
            return None
        deleted = flow.remove_created(job)
        editor.show(f"Deleted {len(deleted)} asset(s).")
        return deleted

    return _guard(run)


def _in_background(label: str, work: Any, done: Any) -> Any:
    """Run ``work`` off the game thread; ``done(result)`` or an error dialog on a later tick."""
    st = state()
    return st["runner"].submit(work, lambda result: _guard(lambda: done(result)),
                               lambda exc: editor.show_error(str(exc)),
                               timeout_s=st["settings"].start_timeout_s + 30, label=label)


def start_backend() -> Any:
    """Connect to the backend, starting it when none answers (the wait runs off the game thread)."""
    def run() -> Any:
        session = state()["session"]
        editor.log("starting or connecting to the EngineMind backend...")
        return _in_background("StartBackend", lambda: session.get_client(allow_start=True) and session.hello,
                              lambda hello: editor.show(f"EngineMind backend {hello.get('server_version')} is "
                                                        "running."))

    return _guard(run)


def stop_backend() -> Any:
    return _guard(lambda: _in_background("StopBackend", state()["session"].stop, editor.show))


def backend_status() -> Any:
    return _guard(lambda: _in_background("BackendStatus", state()["session"].status, editor.show))
