"""The installers' app icons, rendered from the SVG at build time (packaging/make_icons.py)."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_icons", ROOT / "packaging" / "make_icons.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sizes_read_back(path: Path) -> list[int]:
    """Every image in the file as Qt's own ICO/ICNS readers see it."""
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(path))
    found = []
    for i in range(reader.imageCount()):
        reader.jumpToImage(i)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        assert image.width() == image.height()
        found.append(image.width())
    return found


def test_icons_for_windows_macos_and_linux_are_built_from_the_svg(tmp_path: Path) -> None:
    icons = make_icons()
    made = icons.build_icons(ROOT / "src" / "kontakt" / "assets" / "kontakt.svg", tmp_path)
    assert sorted(sizes_read_back(made["ico"])) == list(icons.ICO_SIZES)
    assert sorted(sizes_read_back(made["icns"])) == sorted(icons.ICNS_TYPES)
    assert sizes_read_back(made["png"]) == [256]
    # The ICNS length field covers the whole file, as macOS checks.
    data = made["icns"].read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)


def test_the_icon_is_the_svg_not_a_blank_square(tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    made = make_icons().build_icons(ROOT / "src" / "kontakt" / "assets" / "kontakt.svg", tmp_path)
    image = QImage(str(made["png"]))
    assert image.pixelColor(0, 0).alpha() == 0  # rounded corner: transparent
    assert image.pixelColor(30, 128) == QColor("#b4123b")  # the red background
    assert image.pixelColor(128, 98) == QColor("#ffffff")  # the person's head
