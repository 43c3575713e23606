#!/bin/sh
# Kontakt's two set-up commands for a new machine (Debian/Ubuntu or macOS):
#   ./dev.sh run    install into .venv and open Kontakt on the default database
#   ./dev.sh test   install into .venv with the test tools and run the whole test suite
# Qt's system libraries are installed with apt-get when we are root, or the
# one apt-get line to run is printed. Also: ./dev.sh lint (ruff + mypy), and
# ./dev.sh bundle: the PyInstaller bundle in dist/kontakt (kontakt.spec), on
# Linux also dist/kontakt-VERSION-linux-ARCH.tar.gz; ./dev.sh bundle-windows
# (Linux): the Windows setup program dist/windows/Kontakt-VERSION-setup.exe,
# built under Wine (packaging/windows/build.sh; .ci/windows.sh tests it).
set -eu
cd "$(dirname "$0")"
VENV=.venv
what="${1:-run}"
[ $# -gt 0 ] && shift

say() { printf '%s\n' "$*" >&2; }

find_python() {
  for py in python3.13 python3.12 python3.11 python3; do
    if command -v "$py" >/dev/null 2>&1 &&
       "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  say "Kontakt trenger Python 3.11 eller nyere (python3 --version viser hva du har)."
  say "Debian/Ubuntu: sudo apt-get install python3 python3-venv   macOS: brew install python@3.12"
  exit 1
}

# Debian package -> a library file it provides (checked with ldconfig).
LIBS_TEST="libegl1:libEGL.so.1 libgl1:libGL.so.1 libxkbcommon0:libxkbcommon.so.0
libfontconfig1:libfontconfig.so.1 libdbus-1-3:libdbus-1.so.3 libglib2.0-0:libglib-2.0.so.0"
LIBS_RUN="$LIBS_TEST libxkbcommon-x11-0:libxkbcommon-x11.so.0 libxcb-cursor0:libxcb-cursor.so.0
libxcb-icccm4:libxcb-icccm.so.4 libxcb-image0:libxcb-image.so.0 libxcb-keysyms1:libxcb-keysyms.so.1
libxcb-randr0:libxcb-randr.so.0 libxcb-render-util0:libxcb-render-util.so.0
libxcb-shape0:libxcb-shape.so.0 libxcb-xfixes0:libxcb-xfixes.so.0 libxcb-xkb1:libxcb-xkb.so.1"

apt_install() {
  # $@: Debian packages that are missing.
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installerer systempakker: $*"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    say "Kontakt mangler systempakker. Kjør denne linjen og prøv igjen:"
    say "  sudo apt-get install -y $*"
    exit 1
  fi
}

system_packages() {
  # $1: the library list to check. Only Linux needs this; macOS wheels carry Qt.
  [ "$(uname -s)" = Linux ] || return 0
  command -v ldconfig >/dev/null 2>&1 || PATH="$PATH:/sbin:/usr/sbin"
  missing=""
  for pair in $1; do
    pkg=${pair%%:*}; lib=${pair#*:}
    ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $pkg"
  done
  "$PY" -c 'import ensurepip' 2>/dev/null || missing="$missing python3-venv"
  # shellcheck disable=SC2086
  apt_install $missing
}

install() {
  # $1: pip extras spec, e.g. "." or ".[dev]"
  stamp="$VENV/.installed-$(echo "$1" | tr -c 'a-z' '_')"
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$1"
    touch "$stamp"
  fi
}

PY=$(find_python)
case "$what" in
  run)
    system_packages "$LIBS_RUN"
    install "."
    if [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      say "Ingen skjerm funnet (DISPLAY er tom): Kontakt åpnes på en virtuell skjerm (Xvfb)."
      command -v xvfb-run >/dev/null 2>&1 || apt_install xvfb xauth
      exec xvfb-run -a "$VENV/bin/kontakt" "$@"
    fi
    exec "$VENV/bin/kontakt" "$@"
    ;;
  test)
    system_packages "$LIBS_TEST"
    install ".[dev]"
    set +e
    QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest "$@"
    rc=$?
    set -e
    if [ "$rc" = 5 ]; then say "Fant ingen tester å kjøre: det regnes som en feil."; exit 1; fi
    exit "$rc"
    ;;
  lint)
    install ".[dev]"
    "$VENV/bin/ruff" check src tests bench packaging
    "$VENV/bin/ruff" format --check src tests bench packaging
    "$VENV/bin/mypy"
    ;;
  bundle)
    # The Qt plugins' system libraries must be here to be copied into the bundle;
    # PyInstaller reads and strips binaries with binutils.
    system_packages "$LIBS_RUN"
    if [ "$(uname -s)" = Linux ] && ! command -v objdump >/dev/null 2>&1; then
      apt_install binutils
    fi
    install ".[bundle]"
    rm -rf build/kontakt dist/kontakt
    "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN kontakt.spec
    if [ "$(uname -s)" = Linux ]; then
      packaging/linux/make_tarball.sh "$VENV/bin/python"
    fi
    say "Ferdig: dist/kontakt (prøv: dist/kontakt/kontakt --self-check)"
    ;;
  bundle-windows)
    [ "$(uname -s)" = Linux ] || { say "bundle-windows bygges på Linux (Debian/Ubuntu), med Wine."; exit 1; }
    # Wine runs Windows' Python, pip and PyInstaller; makensis writes the setup
    # program; MinGW's binutils make the prefix's stand-ins for Windows DLLs
    # (packaging/windows/wine.sh). Wine's fonts (and Liberation, metric twins of
    # Arial and Times) give Qt what Windows' fonts give it: without them the PDF
    # that --self-check writes has no text to read back.
    missing=""
    for pkg in wine wine64 nsis binutils-mingw-w64-x86-64 fonts-wine fonts-liberation; do
      dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
    done
    # shellcheck disable=SC2086
    apt_install $missing
    install ".[bundle]"
    exec bash packaging/windows/build.sh "$VENV/bin/python"
    ;;
  *)
    say "Bruk: ./dev.sh run | test | lint | bundle | bundle-windows"; exit 2 ;;
esac
