#!/usr/bin/env bash
# Does the double-click app open on a desktop that lacks the xcb-util packages (a fresh Debian/Ubuntu)?
#
#   sudo packaging/try_without_xcb_libs.sh [BUNDLE] [OUT]     # BUNDLE=dist/DigitStudio, OUT=build/bare-desktop
#
# Hides the libraries of Qt's X11 plugin that a minimal desktop lacks (HIDE: by default the list in
# packaging/xcb_libraries.py) from the processes it starts: in a private mount namespace (unshare
# --mount) an overlay with a whiteout for each of those files goes over the system's library folder,
# so the loader finds them "not found", as on a machine without the packages (libX11, libxcb.so.1,
# GL, fontconfig and freetype stay: every X desktop has them). Only the app runs there: xdotool and
# `import` need libxkbcommon themselves, so they run outside. On an Xvfb display with openbox:
#   1. the plain venv app must FAIL: Qt's "could not load the Qt platform plugin "xcb"", and
#      packaging/check_linux_libs.py (what `make run` runs first) names the packages in one line;
#   2. the bundle must open its window; a 7 is drawn on the canvas with xdotool and the whole screen
#      captured (`import -window root`): OUT/bundle-en.png, then under DIGIT_STUDIO_LANG=zh_CN,
#      OUT/bundle-zh_CN.png. Look at them: the digit read, the status bar's runtime, the language.
# Exit status 0 when both hold. Needs root (or a user namespace with mount rights), Xvfb, openbox,
# xdotool and ImageMagick's `import`. DISPLAY_NUM (default 18) picks the display; VENV (default .venv)
# the environment of step 1.
set -euo pipefail

hide_libraries() {
    # A tmpfs holds the overlay's upper and work folders; each hidden file gets a whiteout (char 0:0).
    local scratch
    scratch=$(mktemp -d)
    mount -t tmpfs bare-desktop "$scratch"
    mkdir "$scratch/upper" "$scratch/work"
    for soname in $HIDE; do
        for file in "$LIBDIR/${soname%%.so*}".so*; do
            [[ -e "$file" || -L "$file" ]] && mknod "$scratch/upper/$(basename "$file")" c 0 0
        done
    done
    mount -t overlay bare-desktop -o "lowerdir=$LIBDIR,upperdir=$scratch/upper,workdir=$scratch/work" "$LIBDIR"
}

if [[ "${1:-}" == "--hidden" ]]; then  # in a private mount namespace: hide the libraries, run the rest
    shift
    hide_libraries
    exec "$@"
fi

BUNDLE=$(realpath "${1:-dist/DigitStudio}")
OUT=$(realpath -m "${2:-build/bare-desktop}")
VENV=$(realpath "${VENV:-.venv}")
DISPLAY_NUM=${DISPLAY_NUM:-18}
LIBDIR=${LIBDIR:-/usr/lib/x86_64-linux-gnu}
# What a minimal desktop lacks (xcb_libraries.MINIMAL_DESKTOP_LACKS, by soname), unless HIDE says otherwise.
export LIBDIR HIDE=${HIDE:-$(cd "$(dirname "$(realpath "$0")")" && "$VENV/bin/python" -c \
    "import xcb_libraries; print(*xcb_libraries.MINIMAL_DESKTOP_LACKS)")}
WAIT_S=${WAIT_S:-60}
SCRIPT=$(realpath "$0")
cd "$(dirname "$SCRIPT")/.."  # the repository root: python -m desktop_app and check_linux_libs.py run from here
unset QT_QPA_PLATFORM  # the X11 plugin is what this is about

hidden() {  # runs the command with the libraries hidden from it (its own mount namespace)
    unshare --mount --propagation private bash "$SCRIPT" --hidden "$@"
}

window_of() {  # the visible window of process $1, waiting up to WAIT_S seconds
    local pid=$1 waited=0 window=""
    while [[ -z "$window" && $waited -lt $WAIT_S ]] && kill -0 "$pid" 2>/dev/null; do
        sleep 1
        waited=$((waited + 1))
        window=$(xdotool search --all --onlyvisible --pid "$pid" --classname DigitStudio 2>/dev/null | head -n 1 || true)
    done
    echo "$window"
}

venv_app_fails() {
    local plugin log="$OUT/venv-app.log"
    plugin=$("$VENV/bin/python" -c "import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent)")
    echo "== hidden: $HIDE"
    echo "== ldd of the venv's xcb plugin there:"
    hidden ldd "$plugin/Qt/plugins/platforms/libqxcb.so" | grep "not found" | sort -u || true
    echo "== packaging/check_linux_libs.py (make run's first step):"
    hidden "$VENV/bin/python" packaging/check_linux_libs.py || true
    echo "== the plain venv app (python -m desktop_app):"
    DIGIT_STUDIO_DATA_DIR="$OUT/data-venv" hidden timeout "$WAIT_S" "$VENV/bin/python" -m desktop_app \
        >"$log" 2>&1 || true
    grep -m 2 -i -E "could not load the Qt platform plugin|cannot open shared object" "$log" || true
    if grep -q -i -E 'could not load the Qt platform plugin "xcb"|cannot open shared object' "$log"; then
        echo "-> fails as a bare desktop does (log: $log)"
    else
        echo "-> the venv app did NOT fail: the libraries are not hidden (log: $log)"
        return 1
    fi
}

draw_a_seven() {  # $1: window; the canvas fills the left two thirds of it (X11 input through the bundled xkb)
    local x y w h
    eval "$(xdotool getwindowgeometry --shell "$1")"
    x=$((X + WIDTH * 25 / 100)) y=$((Y + HEIGHT * 25 / 100)) w=$((WIDTH * 20 / 100)) h=$((HEIGHT * 45 / 100))
    xdotool mousemove "$x" "$y" mousedown 1
    for step in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove $((x + w * step / 10)) "$y"; done
    for step in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove $((x + w - w * step / 20)) $((y + h * step / 10)); done
    xdotool mouseup 1
}

bundle_opens() {  # $1: language (DIGIT_STUDIO_LANG), the screenshot is OUT/bundle-$1.png
    local language=$1 pid window log="$OUT/bundle-$1.log"
    echo "== the bundle, DIGIT_STUDIO_LANG=$language:"
    # Not through hidden(): $! must be the app's own pid (unshare, bash and env each exec the next).
    unshare --mount --propagation private bash "$SCRIPT" --hidden env -i PATH=/usr/bin:/bin HOME="$OUT/home" \
        LANG=C.UTF-8 DISPLAY="$DISPLAY" DIGIT_STUDIO_LANG="$language" DIGIT_STUDIO_DATA_DIR="$OUT/data-bundle" \
        "$BUNDLE/DigitStudio" >"$log" 2>&1 &
    pid=$!
    window=$(window_of "$pid")
    if [[ -z "$window" ]]; then
        if kill "$pid" 2>/dev/null; then
            echo "-> no window after ${WAIT_S} s (log: $log)"
        else
            echo "-> exited without a window: $(grep -m 1 -i -E "could not load|error" "$log") (log: $log)"
        fi
        return 1
    fi
    xdotool windowactivate --sync "$window" 2>/dev/null || true
    sleep "${SETTLE_S:-6}"  # the model loads (ONNX Runtime), then torch in the background
    draw_a_seven "$window"
    sleep 2
    import -window root "$OUT/bundle-$language.png"
    echo "-> window '$(xdotool getwindowname "$window")' shown; screenshot $OUT/bundle-$language.png"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

[[ -x "$BUNDLE/DigitStudio" ]] || { echo "no bundle at $BUNDLE: run make package first" >&2; exit 2; }
mkdir -p "$OUT/home"
export DISPLAY=":$DISPLAY_NUM"
Xvfb "$DISPLAY" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 2
openbox >/dev/null 2>&1 &
openbox=$!
trap 'kill $openbox $xvfb 2>/dev/null || true' EXIT
sleep 1
status=0
venv_app_fails || status=1
bundle_opens en || status=1
bundle_opens zh_CN || status=1
echo "try_without_xcb_libs: $([[ $status == 0 ]] && echo passed || echo FAILED)"
exit $status
