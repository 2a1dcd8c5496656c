"""Rule/template planner: mission text -> intents (a fixed English verb lexicon) -> ``compile_plan``.

Entities are grounded against the context only (names with '_' may be written with spaces); a noun after
'the' that names nothing in the context is reported, never guessed. Always available, deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from enginemind.families.planner.context import Context
from enginemind.families.planner.intents import Intent

VERBS: dict[str, tuple[str, ...]] = {
    "fetch": ("pick up", "grab", "take", "get"),
    "put": ("put", "place", "set"),
    "bring": ("bring", "carry", "move"),
    "give": ("give", "hand"),
    "open": ("open",),
    "close": ("close",),
    "push": ("push",),
    "pour": ("pour",),
    "wait": ("wait",),
    "inspect": ("inspect", "check", "look at"),
    "go": ("go to", "navigate to", "drive to", "go over to"),
    "release": ("release", "let go of"),
}
"""The lexicon of the rule planner (the corpus generator's training phrasings use the same verbs)."""
_VERB_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(p) for ps in VERBS.values() for p in ps), key=len,
                                               reverse=True)) + r")\b")
_KIND = {p: k for k, ps in VERBS.items() for p in ps}
_DEST_PREP = re.compile(r"\b(to|on|onto|in|into|inside|at|over to|towards|on top of)\s+(?:the\s+)?$")
_SRC_PREP = re.compile(r"\b(from|out of|off)\s+(?:the\s+)?$")
_COND = re.compile(r"^(?:if|when)\s+(?:the\s+)?@(\w+)\s+is\s+(open|closed)\b[\s,]*(.*)$")
_STOP = {"robot", "way", "room", "end", "mission", "same", "other", "first", "next", "one", "top", "floor"}


@dataclass
class Parsed:
    intents: list[Intent] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _ground(text: str, ctx: Context) -> str:
    """Replace entity mentions with ``@name`` tokens (longest names first)."""
    names = sorted(ctx.entities, key=len, reverse=True)
    for n in names:
        spoken = re.escape(n.replace("_", " "))
        text = re.sub(rf"(?<![@\w])(?:{spoken}|{re.escape(n)})s?\b", f"@{n}", text)
    return text


def _clauses(text: str) -> list[str]:
    parts = re.split(r"[.;!?]|,|\bthen\b|\bafterwards\b|\bfinally\b", text)
    out = []
    for p in parts:
        out += re.split(r"\band\s+(?=(?:" + _VERB_RE.pattern + r"))", p)
    return [c.strip(" ,") for c in out if c and c.strip(" ,") and not _VERB_RE.fullmatch(c.strip(" ,"))]


def parse(mission: str, ctx: Context) -> Parsed:
    out = Parsed()
    text = re.sub(r"[^a-z0-9_@.,;!?/' ]+", " ", mission.lower().replace("\u2019", "'"))
    text = _ground(text, ctx)
    for m in re.finditer(r"\bthe\s+([a-z][a-z]+)\b", text):
        if m.group(1) not in _STOP:
            out.errors.append(f"the mission mentions '{m.group(1)}', which is not an object, location or human "
                              "of the context")
    last: list[str] = []
    cond: tuple[str, str] | None = None
    for clause in _clauses(text):
        if m := _COND.match(clause):
            cond = (m.group(1), m.group(2))
            last[:] = [cond[0]]
            clause = m.group(3).strip()
            if not clause:
                continue
        intents = _clause(clause, ctx, last, out.errors)
        if intents and cond:
            intents[0] = Intent(intents[0].kind, intents[0].target, intents[0].dest, intents[0].seconds, cond)
            cond = None
        out.intents += intents
    if not out.intents and not out.errors:
        out.errors.append("no known action in the mission (the rule planner knows: "
                          + ", ".join(sorted(_KIND)) + ")")
    return out


def _clause(clause: str, ctx: Context, last: list[str], errors: list[str]) -> list[Intent]:
    vm = _VERB_RE.search(clause)
    if vm is None:
        if "@" in clause:
            errors.append(f"no known action in '{clause.replace('@', '')}'")
        return []
    kind = _KIND[vm.group(1)]
    rest = clause[vm.end():]
    if kind == "wait":
        num = re.search(r"(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|minutes?|min)?\b", rest)
        secs = float(num.group(1)) * (60.0 if num and (num.group(2) or "").startswith("min") else 1.0) if num else 1.0
        return [Intent("wait", seconds=secs)]
    rest = re.sub(r"\b(it|them)\b", lambda _: " and ".join(f"@{n}" for n in last) or "it", rest)
    targets, dest = [], ""
    for m in re.finditer(r"@(\w+)", rest):
        before = rest[:m.start()]
        if _SRC_PREP.search(before):
            continue
        if _DEST_PREP.search(before) and not dest:
            dest = m.group(1)
        elif m.group(1) not in targets:
            targets.append(m.group(1))
    if kind == "give" and not dest:
        humans = [t for t in targets if ctx.kind(t) == "human"]
        dest = humans[0] if humans else ""
        targets = [t for t in targets if t != dest]
    if kind == "fetch" and dest:
        kind = "bring"
    if vm.group(1) == "move" and not targets:
        kind = "go"
    if kind == "go" and dest and not targets:
        targets = [dest]
    if not targets:
        errors.append(f"'{clause.replace('@', '')}': {vm.group(1)} what? name an object of the context")
        return []
    objs = [t for t in targets if ctx.kind(t) == "object" or kind in ("open", "close")]
    if objs:
        last[:] = objs
    if kind in ("put", "bring", "give", "pour") and not dest:
        errors.append(f"'{clause.replace('@', '')}': {vm.group(1)} {targets[0]} where? name a destination")
        return []
    return [Intent(kind, t, dest if kind in ("put", "bring", "give", "push", "pour") else "") for t in targets]
