"""Check compile-only Unity stand-ins against the Unity API name index (../shared/unity_api/unity_api_index.json).

The stand-ins are compiled with mcs and dumped by reflection (cs/DumpApi.cs); every type, base class, member,
static-ness, member kind, parameter list and 2022.3 availability is compared with the index, so the editor code
cannot compile against an API that Unity does not have.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TARGET_BRANCH = "2022.3"
_SYSTEM_BASES = {"System.Object", "System.ValueType", "System.Enum", "System.Attribute", "System.MulticastDelegate", ""}
_PARAM_MODIFIERS = {"this", "params", "ref", "out", "in", "readonly", "scoped"}


@dataclass
class Sig:
    """One parsed index signature."""

    text: str
    kind: str  # method, ctor, property, field, event, operator
    is_static: bool
    obsolete: bool
    protected: bool
    params: list[tuple[str, bool, bool]] = field(default_factory=list)  # (simple type, has default, is params)
    generic_params: set[str] = field(default_factory=set)


def _split_top(text: str, sep: str = ",") -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur))
    return [p.strip() for p in parts]


def simple_type(t: str) -> str:
    """'System.Collections.Generic.List<string>' -> 'List'; 'System.Type[]' -> 'Type[]'."""
    t = t.strip().rstrip("?")
    arrays = ""
    while t.endswith("[]"):
        arrays += "[]"
        t = t[:-2].strip()
    depth, out = 0, []
    for ch in t:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    base = "".join(out).split(".")[-1]
    return base + arrays


def _parse_param(p: str) -> tuple[str, bool, bool]:
    p = re.sub(r"\[[^\]]+\]\s*", "", p).strip()  # attributes such as [NotNullWhen(true)]; keeps "[]"
    has_default = "=" in p
    if has_default:
        p = p.split("=", 1)[0].strip()
    tokens = p.split()
    is_params = "params" in tokens
    tokens = [t for t in tokens if t not in _PARAM_MODIFIERS]
    # the type may contain spaces inside generics: rejoin all but the last token (the name)
    type_text = " ".join(tokens[:-1]) if len(tokens) > 1 else tokens[0]
    return simple_type(type_text), has_default, is_params


def parse_sig(member: str, text: str) -> Sig:
    s = text.strip()
    obsolete = s.startswith("[Obsolete]")
    s = s.removeprefix("[Obsolete]").strip()
    protected = s.startswith("protected ")
    s = s.removeprefix("protected ").strip()
    head = s.split("(", 1)[0]
    words = set(head.replace("<", " ").split())
    is_static = "static" in words or "const" in words
    if member == "operator":
        kind = "operator"
    elif member == ".ctor":
        kind = "ctor"
    elif s.startswith("event ") or " event " in f" {head} ":
        kind = "event"
    elif "{" in s and "(" not in s.split("{", 1)[0] or member == "this[]":
        kind = "property"
    elif "(" in s:
        kind = "method"
    else:
        kind = "field"
    sig = Sig(text=text, kind=kind, is_static=is_static, obsolete=obsolete, protected=protected)
    if kind in ("method", "ctor", "operator"):
        inner = s[s.index("(") + 1 : s.rindex(")")]
        sig.params = [_parse_param(p) for p in _split_top(inner)] if inner.strip() else []
        m = re.search(r"\b\w+<([^()]*)>\s*\(", s)
        if m:
            sig.generic_params = {g.strip() for g in m.group(1).split(",")}
    elif member == "this[]":
        inner = s[s.index("[") + 1 : s.index("]")] if "[" in s else ""
        sig.params = [_parse_param(p) for p in _split_top(inner)] if inner.strip() else []
    return sig


class UnityIndex:
    def __init__(self, path: Path) -> None:
        data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        self.types: dict[str, Any] = data["types"]
        self.all_types: dict[str, str] = data["all_public_types"]
        self.all_members: dict[str, list[str]] = data["all_public_type_members"]
        self._by_simple: dict[str, list[str]] = {}
        for name in self.types:
            self._by_simple.setdefault(name.split(".")[-1], []).append(name)

    def resolve(self, owner: str, base: str) -> str | None:
        """Full name of a base type written as in 'bases' (simple, qualified or generic)."""
        name = simple_type(base) if "." not in base.split("<")[0] else base.split("<")[0]
        if name in self.types:
            return name
        ns = owner.rsplit(".", 1)[0]
        while ns:
            if f"{ns}.{name}" in self.types:
                return f"{ns}.{name}"
            ns = ns.rsplit(".", 1)[0] if "." in ns else ""
        candidates = self._by_simple.get(name.split(".")[-1], [])
        return candidates[0] if len(candidates) == 1 else None

    def ancestors(self, name: str) -> list[str]:
        """The type and its public base types, nearest first (detailed types only)."""
        seen, order, queue = set(), [], [name]
        while queue:
            cur = queue.pop(0)
            if cur in seen or cur not in self.types:
                continue
            seen.add(cur)
            order.append(cur)
            for b in self.types[cur].get("bases", []):
                r = self.resolve(cur, b)
                if r:
                    queue.append(r)
        return order

    def overloads(self, name: str, member: str) -> list[tuple[str, Sig]]:
        out = []
        for owner in self.ancestors(name):
            for text in self.types[owner].get("members", {}).get(member, []):
                out.append((owner, parse_sig(member, text)))
        return out


# Enums whose values are not their declaration order. The index lists members in declaration order without values,
# so these come from the declarations themselves (UnityCsReference 6000.0, facts only):
# - HumanBodyBones: Modules/Animation/ScriptBindings/Avatar.bindings.cs declares UpperChest after Chest with the
#   explicit value 54 (Neck = 9 ... RightLittleDistal = 53, LastBone = 55).
# - Progress.Options: Editor/Mono/Progress/Progress.bindings.cs, a [Flags] enum (None = 0, Sticky = 1 << 0, ...).
EXPLICIT_ENUM_VALUES: dict[str, dict[str, int]] = {
    "UnityEngine.HumanBodyBones": {
        **{m: i for i, m in enumerate(
            ["Hips", "LeftUpperLeg", "RightUpperLeg", "LeftLowerLeg", "RightLowerLeg", "LeftFoot", "RightFoot",
             "Spine", "Chest", "Neck", "Head", "LeftShoulder", "RightShoulder", "LeftUpperArm", "RightUpperArm",
             "LeftLowerArm", "RightLowerArm", "LeftHand", "RightHand", "LeftToes", "RightToes", "LeftEye",
             "RightEye", "Jaw"])},
        **{f"{side}{finger}{joint}": 24 + 15 * s + 3 * f + j
           for s, side in enumerate(("Left", "Right"))
           for f, finger in enumerate(("Thumb", "Index", "Middle", "Ring", "Little"))
           for j, joint in enumerate(("Proximal", "Intermediate", "Distal"))},
        "UpperChest": 54, "LastBone": 55,
    },
    "UnityEditor.Progress.Options": {"None": 0, "Sticky": 1, "Indefinite": 2, "Synchronous": 4, "Managed": 8,
                                     "Unmanaged": 16},
}


def enum_values(name: str, members: list[str]) -> dict[str, int]:
    """Unity's value of each member: the explicit table above, else C#'s implicit 0, 1, 2 ... in declaration order."""
    return EXPLICIT_ENUM_VALUES.get(name) or {m: i for i, m in enumerate(members)}


def _params_match(standin: list[str], sig: Sig, type_params: set[str]) -> bool:
    generic = type_params | sig.generic_params
    n = len(standin)
    required = sum(1 for _, d, p in sig.params if not d and not p)
    has_params = any(p for _, _, p in sig.params)
    if n < required or (n > len(sig.params) and not has_params):
        return False
    for i, t in enumerate(standin):
        if i >= len(sig.params):
            want = sig.params[-1][0].removesuffix("[]")
        else:
            want = sig.params[i][0]
        if t == "?" or want.removesuffix("[]") in generic:
            continue
        if t != want:
            return False
    return True


def check_record(index: UnityIndex, rec: dict[str, Any]) -> tuple[list[str], bool]:
    """Problems with one dumped stand-in type, and whether it was checked by name only."""
    name, kind = rec["type"], rec["kind"]
    problems: list[str] = []
    if name not in index.types:
        if name not in index.all_types:
            return [f"{name}: no such public type in the Unity API index"], False
        if index.all_types[name] != kind:
            problems.append(f"{name}: is a {index.all_types[name]} in Unity, the stand-in declares a {kind}")
        known = set(index.all_members.get(name, []))
        for m in rec["members"]:
            if m["name"] not in known and not (m["name"] == ".ctor" and not m["params"]):
                problems.append(f"{name}.{m['name']}: no such member (names-only type)")
        for e in rec["enum_members"]:
            if known and e not in known:
                problems.append(f"{name}.{e}: no such enum member")
        return problems, True

    t = index.types[name]
    if t["kind"] != kind:
        problems.append(f"{name}: is a {t['kind']} in Unity, the stand-in declares a {kind}")
    if TARGET_BRANCH in t.get("type_absent_in_branches", []):
        problems.append(f"{name}: absent in Unity {TARGET_BRANCH}")
    if t.get("obsolete"):
        problems.append(f"{name}: obsolete in Unity")
    if rec["base"] not in _SYSTEM_BASES:
        base = rec["base"]
        if base not in index.ancestors(name)[1:]:
            problems.append(f"{name}: base {base} is not one of its Unity base types {t.get('bases')}")
    if kind == "enum":
        missing = [e for e in rec["enum_members"] if e not in t.get("enum_members", [])]
        problems += [f"{name}.{e}: no such enum member" for e in missing]
        unity_values = enum_values(name, t.get("enum_members", []))
        for member, value in rec.get("enum_values", {}).items():
            if member in unity_values and unity_values[member] != value:
                problems.append(f"{name}.{member} = {value} in the stand-in, but {unity_values[member]} in Unity")
        return problems, False
    type_params = set(t.get("type_params", []) or [])
    for m in rec["members"]:
        member, mkind = m["name"], m["kind"]
        label = f"{name}.{member}({', '.join(m['params'])})"
        overloads = index.overloads(name, member)
        if mkind == "ctor" and not m["params"] and not [1 for o, _ in overloads if o == name]:
            if "static" in t.get("modifiers", []):
                problems.append(f"{name}: is a static class in Unity; make the stand-in static")
            continue  # implicit default constructor
        if not overloads:
            problems.append(f"{label}: no such member in Unity's {name} or its bases")
            continue
        if mkind == "ctor":
            overloads = [(o, s) for o, s in overloads if o == name]
        matches = [
            (o, s) for o, s in overloads
            if s.kind == mkind and s.is_static == m["static"] and not s.protected
            and (mkind not in ("method", "ctor", "operator") or _params_match(m["params"], s, type_params))
        ]
        if not matches:
            shown = "; ".join(s.text for _, s in overloads[:6])
            static = " static" if m["static"] else ""
            problems.append(f"{label} [{mkind}{static}]: no matching overload; Unity has: {shown}")
            continue
        if all(s.obsolete for _, s in matches):
            problems.append(f"{label}: obsolete in Unity")
        owner = matches[0][0]
        notes = index.types[owner].get("member_availability_notes", {}).get(member, [])
        if TARGET_BRANCH in notes or any(n.startswith("only_in_") for n in notes):
            problems.append(f"{label}: not available in Unity {TARGET_BRANCH} ({notes})")
    return problems, False


def check_dump(index: UnityIndex, lines: list[str]) -> tuple[list[str], list[str]]:
    """All problems, and the types that could be checked by name only."""
    problems, names_only = [], []
    for line in lines:
        if not line.strip():
            continue
        rec = json.loads(line)
        p, by_name = check_record(index, rec)
        problems += p
        if by_name:
            names_only.append(rec["type"])
    return problems, names_only
