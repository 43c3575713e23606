# shellcheck shell=bash
# Helpers for running Windows programs under Wine, sourced by
# packaging/windows/build.sh (the installer build) and .ci/windows.sh (its test).
#
#   wine_env PREFIX        export the Wine settings for PREFIX (made by this build)
#   make_prefix PREFIX     a new 64-bit prefix that looks like Windows 10 (see below)
#   winrun PROGRAM ARGS..  run a Windows program; its output on stdout, its exit
#                          code (124 past $WINRUN_TIMEOUT seconds, if set)
#   winpath PATH           the Windows name of a Linux path (Z:\...)
#   win_setenv NAME VALUE  a user environment variable inside the prefix
#
# Wine hands a Windows program the Linux environment, except variables whose
# names begin with QT_ (so that a Linux Qt's settings cannot confuse a Windows
# Qt): QT_QPA_PLATFORM=offscreen must be set inside the prefix (win_setenv),
# as a Windows user would set it.
#
# Wine 8.0 (Debian 12) is not Windows 10 in three ways that matter to Kontakt,
# and make_prefix fixes each in the prefix only, never in what is shipped:
#
# - Its default Windows version makes sys.getwindowsversion() say 6.1 (Windows 7)
#   while its named pipes behave as Windows 8+ (a zero-byte read consumes an
#   empty message). Python's multiprocessing trusts the version, so every
#   ProcessPoolExecutor hung (its wake-up pipe sends b""): the import's worker
#   processes never got work. Declared as Windows 10, both agree.
# - Windows 10 1903+ has the ICU library as system DLLs (icuuc.dll, icuin.dll,
#   unversioned C API); Wine has none, and Qt6Core.dll from PySide6 >= 6.7
#   imports icuuc.dll (its text codecs). The ICU DLLs of a PyPI wheel for
#   win_amd64 (icu4py: icuuc78-*.dll ...) go into system32 with a forwarding
#   icuuc.dll/icuin.dll in front that exports each versioned function
#   (ucnv_open_78) under Windows' unversioned name (ucnv_open).
# - Windows 8+ has bcryptprimitives.dll (ProcessPrng, which Rust's standard
#   library calls for random numbers: python-calamine imports it); Wine 8 does
#   not. A forwarding DLL maps ProcessPrng to advapi32's RtlGenRandom
#   (SystemFunction036), which Wine has: the same job, same arguments.
# - Windows has fonts in C:\Windows\Fonts (Arial, Times New Roman ...); a Wine
#   prefix has none there. Qt's offscreen platform reads fonts from that folder
#   (kontakt.__main__.use_windows_fonts): the Liberation fonts, metric twins of
#   Arial, Times New Roman and Courier New, go there.
# PyInstaller never collects DLLs from the Windows folder, so the bundle uses
# these exactly as it would use Windows' own; build.sh checks they are not in it.

wine_env() {
  export WINEPREFIX
  WINEPREFIX=$(realpath -m "$1")
  export WINEARCH=win64
  # No debug output; no Mono/Gecko download prompts (no .NET or HTML in
  # Kontakt); no menu entries on this Linux machine for the Start-menu
  # shortcuts the installer makes.
  export WINEDEBUG=-all
  export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
  # Wine converts the environment (user name, paths) from the Linux locale's
  # character set: UTF-8, so that æøå survive.
  export LC_ALL=C.UTF-8
  unset DISPLAY WAYLAND_DISPLAY
}

winpath() {
  local unix
  unix=$(realpath -m "$1")
  printf 'Z:%s' "${unix//\//\\}"
}

winrun() {
  # Python for Windows cannot use a Linux regular file as its stdout under Wine
  # 8 ("init_sys_streams: Invalid handle"), a pipe it can: hence the cat. With
  # pipefail the exit code is the program's. This machine's pip and Python
  # settings (PIP_FIND_LINKS=/opt/..., PYTHONPATH) mean nothing to Windows.
  local unset=() name
  for name in $(compgen -e); do
    case $name in PIP_* | PYTHON* | VIRTUAL_ENV) unset+=(-u "$name") ;; esac
  done
  if [ -n "${WINRUN_TIMEOUT:-}" ]; then
    env "${unset[@]}" timeout "$WINRUN_TIMEOUT" wine "$@" </dev/null 2>&1 | cat
  else
    env "${unset[@]}" wine "$@" </dev/null 2>&1 | cat
  fi
}

win_setenv() {
  wine reg add 'HKCU\Environment' /v "$1" /d "$2" /f </dev/null >/dev/null 2>&1
}

_forwarder() {
  # $1: the DLL to write; then its exports, each NAME=OTHERDLL.FUNCTION.
  local out=$1 tmp
  shift
  tmp=$(mktemp -d)
  {
    echo "LIBRARY $(basename "$out")"
    echo "EXPORTS"
    printf '  %s\n' "$@"
  } >"$tmp/exports.def"
  # A DLL needs an entry point; this one returns TRUE and does nothing else.
  printf '.text\n.globl DllMain\nDllMain:\n  movl $1, %%eax\n  ret\n' >"$tmp/entry.s"
  x86_64-w64-mingw32-as "$tmp/entry.s" -o "$tmp/entry.o"
  x86_64-w64-mingw32-ld --dll -e DllMain --subsystem windows -o "$out" \
    "$tmp/entry.o" "$tmp/exports.def"
  rm -rf "$tmp"
}

_icu_forwarder() {
  # $1: system32; $2: ICU library stem (icuuc or icuin). Forwards every C function
  # of the versioned DLL (icuuc78-HASH.dll: ucnv_open_78) under its plain name.
  local sys32=$1 stem=$2 dll version
  dll=$(cd "$sys32" && ls "$stem"[0-9]*.dll | head -n 1)
  version=$(echo "$dll" | sed -n "s/^$stem\([0-9]*\).*/\1/p")
  mapfile -t exports < <(
    x86_64-w64-mingw32-objdump -p "$sys32/$dll" |
      sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' |
      sed -n "s/^[[:space:]]*\[ *[0-9]*\] \([A-Za-z_][A-Za-z0-9_]*\)_$version\$/\1/p" |
      while read -r name; do echo "$name=${dll%.dll}.${name}_$version"; done
  )
  [ "${#exports[@]}" -gt 100 ] || { echo "$dll: no ICU functions found" >&2; return 1; }
  _forwarder "$sys32/$stem.dll" "${exports[@]}"
}

make_prefix() {
  # $1: the prefix folder (made new); $2: the icu4py wheel (win_amd64).
  local prefix=$1 icu_wheel=$2 sys32
  rm -rf "$prefix"
  wine_env "$prefix"
  wineboot --init </dev/null 2>&1 | grep -v -e 'syswow64' -e 'has been updated' -e 'created the configuration' || true
  wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f </dev/null >/dev/null 2>&1
  sys32="$WINEPREFIX/drive_c/windows/system32"
  "${HOST_PYTHON:-python3}" - "$icu_wheel" "$sys32" <<'EOF'
import sys, zipfile
from pathlib import Path
wheel, out = sys.argv[1], Path(sys.argv[2])
with zipfile.ZipFile(wheel) as zf:
    for name in zf.namelist():
        if name.startswith("icu4py.libs/") and name.endswith(".dll"):
            (out / Path(name).name).write_bytes(zf.read(name))
EOF
  _icu_forwarder "$sys32" icuuc
  _icu_forwarder "$sys32" icuin
  _forwarder "$sys32/bcryptprimitives.dll" "ProcessPrng=advapi32.SystemFunction036"
  cp /usr/share/fonts/truetype/liberation/*.ttf "$WINEPREFIX/drive_c/windows/Fonts/"
}
