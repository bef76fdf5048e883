#!/bin/sh
# Installs the bundle from `make package` for the current user (or system-wide with PREFIX=/usr/local
# as root): the folder, a launcher on PATH, the menu entry and the icons.
#
#   packaging/linux/install.sh              # ~/.local/opt/DigitStudio, ~/.local/share/applications, ...
#   packaging/linux/install.sh --uninstall
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PREFIX=${PREFIX:-$HOME/.local}
APPDIR="$PREFIX/opt/DigitStudio"
DESKTOP="$PREFIX/share/applications/digit-studio.desktop"
ICONS="$PREFIX/share/icons/hicolor"
SIZES="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$APPDIR" "$DESKTOP" "$PREFIX/bin/DigitStudio"
    for size in $SIZES; do rm -f "$ICONS/${size}x${size}/apps/digit-studio.png"; done
    rm -f "$ICONS/scalable/apps/digit-studio.svg"
else
    [ -x "$ROOT/dist/DigitStudio/DigitStudio" ] || { echo "no bundle: run 'make package' first" >&2; exit 1; }
    rm -rf "$APPDIR"
    mkdir -p "$APPDIR" "$PREFIX/bin" "$(dirname "$DESKTOP")"
    cp -a "$ROOT/dist/DigitStudio/." "$APPDIR/"
    ln -sf "$APPDIR/DigitStudio" "$PREFIX/bin/DigitStudio"
    sed -e "s|^Exec=.*|Exec=$APPDIR/DigitStudio|" -e "s|^TryExec=.*|TryExec=$APPDIR/DigitStudio|" \
        "$HERE/digit-studio.desktop" > "$DESKTOP"
    for size in $SIZES; do
        install -D -m 644 "$ROOT/resources/icons/digit-studio-$size.png" "$ICONS/${size}x${size}/apps/digit-studio.png"
    done
    install -D -m 644 "$ROOT/resources/icons/digit-studio.svg" "$ICONS/scalable/apps/digit-studio.svg"
    echo "Installed to $APPDIR; menu entry $DESKTOP"
fi
command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
