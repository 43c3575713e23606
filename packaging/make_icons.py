"""Render Kontakt's SVG icon into the app icons the installers need, at build time.

Writes ``kontakt.ico`` (Windows: PNG entries, 16-256 px), ``kontakt.icns``
(macOS: PNG entries, 16-1024 px) and ``kontakt.png`` (Linux, 256 px) into a
folder. Only Qt is used (its SVG image plugin renders; the two container
formats are simple enough to write here), so every platform builds its icon
from the one source, src/kontakt/assets/kontakt.svg, without extra tools.

Used by kontakt.spec; also runnable: ``python packaging/make_icons.py OUT_DIR``.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (Apple's icns format).
ICNS_TYPES = {
    16: b"icp4",
    32: b"icp5",
    64: b"icp6",
    128: b"ic07",
    256: b"ic08",
    512: b"ic09",
    1024: b"ic10",
}


def render_png(svg: Path, size: int) -> bytes:
    """The SVG rendered as a square PNG of ``size`` pixels."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(svg), b"svg")
    reader.setScaledSize(QSize(size, size))
    image = reader.read()
    if image.isNull():
        raise RuntimeError(f"cannot render {svg}: {reader.errorString()}")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG per size (supported since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        png = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding one PNG element per size."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for size in sorted(pngs)
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def build_icons(svg: Path, out_dir: Path) -> dict[str, Path]:
    """Write kontakt.ico, kontakt.icns and kontakt.png from ``svg`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(ICO_SIZES) | set(ICNS_TYPES))
    pngs = {size: render_png(svg, size) for size in sizes}
    made = {
        "ico": out_dir / "kontakt.ico",
        "icns": out_dir / "kontakt.icns",
        "png": out_dir / "kontakt.png",
    }
    made["ico"].write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    made["icns"].write_bytes(icns_bytes({s: pngs[s] for s in ICNS_TYPES}))
    made["png"].write_bytes(pngs[256])
    return made


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "build" / "icons"
    for path in build_icons(root / "src" / "kontakt" / "assets" / "kontakt.svg", target).values():
        print(path)
