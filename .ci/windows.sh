#!/usr/bin/env bash
# CI, the Windows leg (on Linux, under Wine): builds the setup program with
# ./dev.sh bundle-windows, installs it silently into a new Wine prefix as a
# user whose name has æøå and a space, runs the installed kontakt.exe
# --self-check offscreen (every step must pass), lets Kontakt make its database
# in %APPDATA%\Kontakt, times a start to the first rows painted, uninstalls
# silently and checks that the program is gone and the database is not.
# Needs root for apt-get (dev.sh), like .ci/run. Takes about 7 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
elapsed() { echo $(($(date +%s) - $1)); }
fail() { echo "FEIL: $*" >&2; exit 1; }

echo "== Windows: build (./dev.sh bundle-windows)"
./dev.sh bundle-windows
build_s=$(elapsed "$started")

export HOST_PYTHON=.venv/bin/python
# shellcheck source=packaging/windows/wine.sh
. packaging/windows/wine.sh
version=$(PYTHONPATH=src "$HOST_PYTHON" -c 'import kontakt; print(kontakt.__version__)')
setup="dist/windows/Kontakt-$version-setup.exe"
[ -f "$setup" ] || fail "$setup mangler"
# Windows' output to a pipe is in its ANSI code page, 1252 under Wine here.
from_windows() { iconv -f CP1252 -t UTF-8; }
# Every Windows program gets at most 10 minutes (a hang fails, it does not stall CI).
export WINRUN_TIMEOUT=600

echo "== Windows: a new prefix for the user «Kari Ærlig Øren»"
test_started=$(date +%s)
# Wine names the Windows user, and so %USERPROFILE% and %APPDATA%, after $USER.
export USER="Kari Ærlig Øren" LOGNAME="Kari Ærlig Øren"
make_prefix build/windows/ci-prefix build/windows/downloads/icu/*.whl
trap 'wineserver -k 2>/dev/null || true' EXIT  # this prefix's processes only
win_setenv QT_QPA_PLATFORM offscreen
appdata=$(winrun cmd /c 'echo %APPDATA%' | from_windows | tr -d '\r')
localappdata=$(winrun cmd /c 'echo %LOCALAPPDATA%' | from_windows | tr -d '\r')
echo "   %APPDATA% = $appdata"
[ "$appdata" = 'C:\users\Kari Ærlig Øren\AppData\Roaming' ] || fail "%APPDATA% er $appdata"
users="$WINEPREFIX/drive_c/users/$USER"
app_dir="$users/AppData/Local/Programs/Kontakt"
data_dir="$users/AppData/Roaming/Kontakt"
exe="$localappdata\\Programs\\Kontakt\\kontakt.exe"

echo "== Windows: silent install ($setup /S)"
winrun "$(winpath "$setup")" /S
wineserver -w
[ -f "$app_dir/kontakt.exe" ] || fail "kontakt.exe er ikke installert i $app_dir"
[ -f "$app_dir/Avinstaller.exe" ] || fail "avinstalleringsprogrammet mangler"
[ -f "$users/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Kontakt.lnk" ] ||
  fail "snarveien i Start-menyen mangler"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Kontakt'
winrun reg query "$uninstall_key" /v DisplayVersion | grep "$version" >/dev/null ||
  fail "Kontakt står ikke i Apps (Legg til eller fjern programmer)"
[ ! -e "$data_dir" ] || fail "installasjonen skrev i $data_dir"

echo "== Windows: the installed kontakt.exe --self-check (offscreen)"
log=build/windows/ci-selfcheck.log
if winrun "$exe" --self-check >"$log.raw"; then rc=0; else rc=$?; fi
from_windows <"$log.raw" | tr -d '\r' | tee "$log"
[ "$rc" = 0 ] || fail "selvtesten endte med kode $rc"
mapfile -t steps < <(PYTHONPATH=src "$HOST_PYTHON" -c \
  'from kontakt.selfcheck.runner import STEPS; print("\n".join(s.name for s in STEPS))')
for name in "${steps[@]}"; do
  grep -q "^OK    $name " "$log" || fail "selvtesten: steget «$name» besto ikke"
done
grep -q "Qt .* (offscreen)" "$log" || fail "selvtesten kjørte ikke offscreen"

echo "== Windows: Kontakt's own database in %APPDATA%\\Kontakt"
winrun "$exe" demo | from_windows | tail -n 2
[ -s "$data_dir/kontakt.db" ] || fail "databasen ble ikke laget i $data_dir"
winrun "$exe" list | from_windows | tail -n 1
probe=build/windows/ci-first-paint
rm -f "$probe"
launched=$("$HOST_PYTHON" -c 'import time; print(time.time())')
KONTAKT_STARTUP_PROBE="$(winpath "$probe")" winrun "$exe"
[ -s "$probe" ] || fail "vinduet tegnet aldri sine første rader"
"$HOST_PYTHON" -c 'import sys; print(f"   start to first rows painted, under Wine: "
  f"{(float(open(sys.argv[1]).read()) - float(sys.argv[2])) * 1000:.0f} ms (300 demo contacts)")' \
  "$probe" "$launched"

echo "== Windows: silent uninstall (Avinstaller.exe /S)"
winrun "$localappdata\\Programs\\Kontakt\\Avinstaller.exe" /S
wineserver -w  # the uninstaller runs on as a copy of itself
[ ! -e "$app_dir" ] || fail "programmappen er ikke fjernet: $(ls "$app_dir")"
[ ! -e "$users/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Kontakt.lnk" ] ||
  fail "snarveien i Start-menyen er ikke fjernet"
if winrun reg query "$uninstall_key" >/dev/null; then fail "Kontakt står fortsatt i Apps"; fi
[ -s "$data_dir/kontakt.db" ] || fail "avinstalleringen fjernet databasen i $data_dir"

echo "== Windows: sizes and times"
du -sh "dist/windows/kontakt" "$setup"
echo "build ${build_s} s, install + self-check + uninstall $(elapsed "$test_started") s," \
  "Windows leg $(elapsed "$started") s"
echo "== Windows leg passed"
