"""Rewrite a binary FBX document node for node as ASCII FBX 7.4 or as binary FBX 7.5 (64-bit record offsets).

Used by ``tools/make_bonemap_fbx.py`` to get the other FBX layouts from Blender's binary 7.4 export (Blender
writes no ASCII FBX). Pure Python, no dependency:

    python tools/fbx_convert.py in.fbx out.fbx --to ascii|binary75
"""

from __future__ import annotations

import argparse
import struct
import zlib
from pathlib import Path
from typing import Any

MAGIC = b"Kaydara FBX Binary  \x00\x1a\x00"
Prop = tuple[str, Any]
Node = tuple[bytes, list[Prop], list["Node"]]
_SCALAR = {"Y": "<h", "C": "<?", "I": "<i", "F": "<f", "D": "<d", "L": "<q"}
_ARRAY = {"f": "f", "d": "d", "l": "q", "i": "i", "b": "?"}


def read_binary(data: bytes) -> tuple[int, list[Node], bytes]:
    """(version, top-level nodes, footer bytes) of a binary FBX file."""
    if not data.startswith(MAGIC):
        raise ValueError("not a binary FBX file")
    version = struct.unpack_from("<I", data, 23)[0]
    wide = version >= 7500
    pos = 27
    nodes: list[Node] = []
    while True:
        node, pos = _read_node(data, pos, wide)
        if node is None:
            break
        nodes.append(node)
    return version, nodes, data[pos:]


def _read_node(data: bytes, pos: int, wide: bool) -> tuple[Node | None, int]:
    fmt, size = ("<QQQ", 24) if wide else ("<III", 12)
    end, nprops, _plen = struct.unpack_from(fmt, data, pos)
    name_len = data[pos + size]
    if end == 0:
        return None, pos + size + 1
    name = data[pos + size + 1:pos + size + 1 + name_len]
    pos += size + 1 + name_len
    props = []
    for _ in range(nprops):
        prop, pos = _read_prop(data, pos)
        props.append(prop)
    children: list[Node] = []
    while pos < end:
        child, pos = _read_node(data, pos, wide)
        if child is None:
            break
        children.append(child)
    return (name, props, children), end


def _read_prop(data: bytes, pos: int) -> tuple[Prop, int]:
    t = chr(data[pos])
    pos += 1
    if t in _SCALAR:
        fmt = _SCALAR[t]
        return (t, struct.unpack_from(fmt, data, pos)[0]), pos + struct.calcsize(fmt)
    if t in _ARRAY:
        n, enc, clen = struct.unpack_from("<III", data, pos)
        raw = data[pos + 12:pos + 12 + clen]
        raw = zlib.decompress(raw) if enc == 1 else raw
        return (t, list(struct.unpack(f"<{n}{_ARRAY[t]}", raw))), pos + 12 + clen
    if t in "SR":
        n = struct.unpack_from("<I", data, pos)[0]
        return (t, data[pos + 4:pos + 4 + n]), pos + 4 + n
    raise ValueError(f"unknown FBX property type {t!r} at byte {pos - 1}")


# --- binary 7.5 ----------------------------------------------------------------------------------------------
def write_binary(nodes: list[Node], version: int, footer: bytes) -> bytes:
    """A binary FBX file of the given version (>= 7500: 64-bit record fields)."""
    wide = version >= 7500
    out = bytearray(MAGIC + struct.pack("<I", version))
    for node in nodes:
        _write_node(out, node, wide)
    out += b"\x00" * (25 if wide else 13)
    fid, magic = footer[:16], footer[-16:]
    out += fid + b"\x00" * 4
    out += b"\x00" * ((16 - len(out) % 16) % 16)
    out += struct.pack("<I", version) + b"\x00" * 120 + magic
    return bytes(out)


def _prop_bytes(t: str, v: Any) -> bytes:
    if t in _SCALAR:
        return t.encode() + struct.pack(_SCALAR[t], v)
    if t in _ARRAY:
        raw = struct.pack(f"<{len(v)}{_ARRAY[t]}", *v)
        enc, body = (1, zlib.compress(raw)) if len(raw) > 128 else (0, raw)
        return t.encode() + struct.pack("<III", len(v), enc, len(body)) + body
    return t.encode() + struct.pack("<I", len(v)) + v


def _write_node(out: bytearray, node: Node, wide: bool) -> None:
    name, props, children = node
    fmt, size = ("<QQQ", 24) if wide else ("<III", 12)
    start = len(out)
    pdata = b"".join(_prop_bytes(t, v) for t, v in props)
    out += b"\x00" * size + bytes([len(name)]) + name + pdata
    for c in children:
        _write_node(out, c, wide)
    if children or not props:
        out += b"\x00" * (size + 1)
    struct.pack_into(fmt, out, start, len(out), len(props), len(pdata))


# --- ASCII 7.4 -----------------------------------------------------------------------------------------------
def _ascii_string(b: bytes) -> str:
    if b"\x00\x01" in b:  # binary "Name\x00\x01Class" is ASCII "Class::Name"
        name, cls = b.split(b"\x00\x01", 1)
        b = cls + b"::" + name
    return '"' + b.decode("utf-8", "replace").replace('"', "&quot;") + '"'


def _ascii_value(t: str, v: Any) -> str:
    if t == "C":
        return "T" if v else "F"
    if t in "FD":
        return repr(float(v))
    if t == "S":
        return _ascii_string(v)
    if t == "R":
        raise ValueError("raw (R) properties have no ASCII form here")
    return str(int(v))


def write_ascii(nodes: list[Node], version: int = 7400) -> str:
    lines = [f"; FBX {version // 1000}.{version // 100 % 10}.0 project file", "; " + "-" * 52, ""]
    for node in nodes:
        if node[0] in (b"FileId", b"CreationTime"):  # binary-only records
            continue
        _ascii_node(lines, node, 0)
    return "\n".join(lines) + "\n"


def _ascii_node(lines: list[str], node: Node, depth: int) -> None:
    name, props, children = node
    tab = "\t" * depth
    if len(props) == 1 and props[0][0] in _ARRAY:
        t, v = props[0]
        values = ",".join(repr(float(x)) if t in "fd" else str(int(x)) for x in v)
        lines += [f"{tab}{name.decode()}: *{len(v)} {{", f"{tab}\ta: {values}", f"{tab}}}"]
        return
    head = f"{tab}{name.decode()}: " + ", ".join(_ascii_value(t, v) for t, v in props)
    if not children:
        lines.append(head.rstrip() + (" {\n" + tab + "}" if not props else ""))
        return
    lines.append(head.rstrip() + "  {")
    for c in children:
        _ascii_node(lines, c, depth + 1)
    lines.append(f"{tab}}}")


def _set_version(nodes: list[Node], version: int) -> None:
    for name, _, children in nodes:
        if name == b"FBXHeaderExtension":
            for i, (cname, _props, cc) in enumerate(children):
                if cname == b"FBXVersion":
                    children[i] = (cname, [("I", version)], cc)


def convert(src: Path, dst: Path, to: str) -> Path:
    version, nodes, footer = read_binary(src.read_bytes())
    if to == "ascii":
        _set_version(nodes, 7400)
        dst.write_text(write_ascii(nodes, 7400), encoding="utf-8")
    elif to == "binary75":
        _set_version(nodes, 7500)
        dst.write_bytes(write_binary(nodes, 7500, footer))
    else:
        raise ValueError(f"--to must be ascii or binary75, got {to!r}")
    return dst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--to", choices=("ascii", "binary75"), required=True)
    a = ap.parse_args()
    print(f"wrote {convert(Path(a.src), Path(a.dst), a.to)}")


if __name__ == "__main__":
    main()
