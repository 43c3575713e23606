#!/bin/sh
# Put Kontakt in this user's application menu (no root needed), pointing at
# the folder this script lies in. `./install.sh --fjern` takes it out again.
# The program itself stays where it was unpacked; the data is not touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
share=${XDG_DATA_HOME:-$HOME/.local/share}
entry="$share/applications/kontakt.desktop"
icon="$share/icons/hicolor/256x256/apps/kontakt.png"

if [ "${1:-}" = "--fjern" ]; then
  rm -f "$entry" "$icon"
  echo "Kontakt er fjernet fra programmenyen."
  exit 0
fi
mkdir -p "$(dirname "$entry")" "$(dirname "$icon")"
cp "$here/kontakt.png" "$icon"
sed "s|^Exec=.*|Exec=\"$here/kontakt\"|" "$here/kontakt.desktop" > "$entry"
command -v update-desktop-database >/dev/null 2>&1 &&
  update-desktop-database "$share/applications" 2>/dev/null || true
echo "Kontakt er lagt til i programmenyen ($entry)."
