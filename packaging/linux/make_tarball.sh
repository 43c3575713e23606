#!/bin/sh
# Linux release archive: dist/kontakt-VERSION-linux-ARCH.tar.gz holding the
# bundle folder (dist/kontakt, built by kontakt.spec) with the desktop entry,
# its icon and install.sh beside the executable. Run from the repository root.
set -eu
python=${1:-.venv/bin/python}
[ -x dist/kontakt/kontakt ] || { echo "dist/kontakt/kontakt mangler: bygg først (make bundle)" >&2; exit 1; }
version=$(PYTHONPATH=src "$python" -c 'import kontakt; print(kontakt.__version__)')
cp packaging/linux/kontakt.desktop packaging/linux/install.sh dist/kontakt/
cp build/kontakt/icons/kontakt.png dist/kontakt/kontakt.png
archive="dist/kontakt-$version-linux-$(uname -m).tar.gz"
tar -C dist -czf "$archive" kontakt
echo "$archive"
