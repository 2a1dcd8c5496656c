"""Every ``unreal.X`` / ``unreal.X.y`` in the plugin exists in the API index of each supported engine version,
unless it sits behind a version branch (``if version.struct_solvers:`` ...) that excludes that version."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from enginemind_unreal.version import EngineVersion
from tests.unreal.conftest import PLUGIN_PY
from tests.unreal.fake_unreal import SUPPORTED, load_index

BRANCH_FLAGS = {n for n, v in vars(EngineVersion).items() if isinstance(v, property)}


def plugin_files() -> list[Path]:
    return sorted(p for p in PLUGIN_PY.rglob("*.py") if "_proto" not in p.parts)


def _condition(test: ast.expr) -> tuple[str, bool] | None:
    """``(flag, expected)`` for ``x.flag`` / ``not x.flag`` conditions on an EngineVersion."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _condition(test.operand)
        return (inner[0], not inner[1]) if inner else None
    if isinstance(test, ast.Attribute) and test.attr in BRANCH_FLAGS:
        return (test.attr, True)
    return None


def references(tree: ast.AST) -> list[tuple[str, str | None, int, list[tuple[str, bool]]]]:
    """``(X, y|None, line, branch conditions)`` for each ``unreal.X[.y]`` reference."""
    out: list[tuple[str, str | None, int, list[tuple[str, bool]]]] = []

    def visit(node: ast.AST, conds: list[tuple[str, bool]]) -> None:
        if isinstance(node, ast.If):
            cond = _condition(node.test)
            visit(node.test, conds)
            for child in node.body:
                visit(child, conds + ([cond] if cond else []))
            for child in node.orelse:
                visit(child, conds + ([(cond[0], not cond[1])] if cond else []))
            return
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) \
                and isinstance(node.value.value, ast.Name) and node.value.value.id == "unreal":
            out.append((node.value.attr, node.attr, node.lineno, conds))
            return
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "unreal":
            out.append((node.attr, None, node.lineno, conds))
            return
        for child in ast.iter_child_nodes(node):
            visit(child, conds)

    visit(tree, [])
    return out


def _members(index: dict, cls: str) -> set[str]:
    names: set[str] = set()
    todo, seen = [cls], set()
    while todo:
        cur = todo.pop()
        if cur in seen or cur not in index["classes"]:
            continue
        seen.add(cur)
        info = index["classes"][cur]
        for key in ("methods", "properties", "editor_properties", "enum_members", "constants"):
            names |= set(info.get(key) or [])
        todo += info.get("bases", [])
    return names


def _version(v: str) -> EngineVersion:
    major, minor = v.split(".")
    return EngineVersion(int(major), int(minor))


def test_plugin_uses_unreal() -> None:
    refs = [r for p in plugin_files() for r in references(ast.parse(p.read_text(), str(p)))]
    assert len(refs) > 60, "the scan found too few unreal references; is the AST walk broken?"


@pytest.mark.parametrize("version", SUPPORTED)
def test_every_unreal_name_exists(version: str) -> None:
    index = load_index(version)
    ev = _version(version)
    missing = []
    for path in plugin_files():
        for cls, member, line, conds in references(ast.parse(path.read_text(), str(path))):
            if not all(getattr(ev, flag) == expected for flag, expected in conds):
                continue  # behind a branch that does not run on this version
            where = f"{path.relative_to(PLUGIN_PY)}:{line}"
            if cls in index["functions"]:
                if member is not None:
                    missing.append(f"{where}: unreal.{cls}.{member} (a function has no members)")
                continue
            if cls not in index["classes"]:
                missing.append(f"{where}: unreal.{cls}")
            elif member is not None and member not in _members(index, cls):
                missing.append(f"{where}: unreal.{cls}.{member}")
    assert not missing, f"names missing in UE {version}:\n" + "\n".join(missing)


def test_branches_exclude_names_missing_elsewhere() -> None:
    """The branch check is real: the 5.6 solver path would fail on 5.4 without its branch."""
    index = load_index("5.4")
    assert "IKRigFBIKSolver" in index["classes"] and "add_default_ops" not in _members(index, "IKRetargeterController")
    assert "IKRigFBIKSolver" not in load_index("5.6")["classes"]


RETURNS = {("AssetToolsHelpers", "get_asset_tools"): "AssetTools", ("ToolMenus", "extend_menu"): "ToolMenu"}
"""Return classes the index does not record (it keeps parameter names, not types)."""


def _unreal_call_class(call: ast.expr, known: dict[str, str]) -> str | None:
    """Class of the object a call returns: ``unreal.X(...)``, ``unreal.X.get/get_controller(...)`` and RETURNS."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return None
    func = call.func
    if isinstance(func.value, ast.Name) and func.value.id == "unreal":
        return func.attr if func.attr[:1].isupper() else None
    if isinstance(func.value, ast.Attribute) and isinstance(func.value.value, ast.Name) \
            and func.value.value.id == "unreal":
        cls = func.value.attr
        if func.attr in ("get", "get_controller"):
            return cls
        return RETURNS.get((cls, func.attr))
    if isinstance(func.value, ast.Name) and func.value.id in known:
        return RETURNS.get((known[func.value.id], func.attr))
    return None


def typed_member_uses(tree: ast.AST) -> list[tuple[str, str, int, list[tuple[str, bool]]]]:
    """``(Class, member, line, conds)`` for ``var.member`` where ``var = unreal.X...(...)`` in the same function."""
    out: list[tuple[str, str, int, list[tuple[str, bool]]]] = []
    for fn in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
        known: dict[str, str] = {}

        def visit(node: ast.AST, conds: list[tuple[str, bool]]) -> None:
            if isinstance(node, ast.If):
                cond = _condition(node.test)
                for child in node.body:
                    visit(child, conds + ([cond] if cond else []))
                for child in node.orelse:
                    visit(child, conds + ([(cond[0], not cond[1])] if cond else []))
                return
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                cls = _unreal_call_class(node.value, known)  # noqa: B023 (known is this function's table)
                if cls:
                    known[node.targets[0].id] = cls  # noqa: B023
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in known:  # noqa: B023
                out.append((known[node.value.id], node.attr, node.lineno, conds))  # noqa: B023
            for child in ast.iter_child_nodes(node):
                visit(child, conds)

        for stmt in fn.body:
            visit(stmt, [])
    return out


@pytest.mark.parametrize("version", SUPPORTED)
def test_methods_on_unreal_objects_exist(version: str) -> None:
    """``ctrl = unreal.IKRigController.get_controller(rig); ctrl.add_solver(...)``: ``add_solver`` must exist."""
    index = load_index(version)
    ev = _version(version)
    missing, checked = [], 0
    for path in plugin_files():
        for cls, member, line, conds in typed_member_uses(ast.parse(path.read_text(), str(path))):
            if not all(getattr(ev, flag) == expected for flag, expected in conds):
                continue
            checked += 1
            if cls in index["classes"] and member not in _members(index, cls):
                missing.append(f"{path.relative_to(PLUGIN_PY)}:{line}: {cls}.{member}")
    assert checked > 20, "the typed scan found too few uses"
    assert not missing, f"members missing in UE {version}:\n" + "\n".join(missing)
