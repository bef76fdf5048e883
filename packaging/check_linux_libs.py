"""Before `make run` opens the window on Linux: are the system libraries Qt's X11 plugin needs there?

A fresh Debian or Ubuntu lacks some of them (libxcb-cursor0 first, then libxcb-icccm4 and
libxcb-keysyms1), and Qt then fails with a long message that names none of the packages. This asks
`ldd` which libraries the xcb plugin cannot find and prints, in one line, what to apt-get install.
Standard library only, and Qt is not imported (that is what would fail). Exit status 1 when
libraries are missing, 0 otherwise (and on other systems, or when the plugin or ldd is not there).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

#: The Debian/Ubuntu package of each library the xcb platform plugin links to (beyond glibc and Qt).
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` reports as "not found", in its order, without repeats."""
    missing: list[str] = []
    for line in ldd_output.splitlines():
        name, _, where = line.strip().partition("=>")
        name = name.strip()
        if where.strip() == "not found" and name not in missing:
            missing.append(name)
    return missing


def packages_for(libraries: list[str]) -> list[str]:
    """The packages to install for ``libraries`` (a library this table does not know stands for itself)."""
    return list(dict.fromkeys(PACKAGES.get(name, name) for name in libraries))


def advice(packages: list[str]) -> str:
    return ("Qt's X11 platform plugin cannot start: its system libraries are missing. Install them with: "
            f"sudo apt-get install {' '.join(packages)}")


def uses_xcb() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return sys.platform.startswith("linux") and (not platform or platform.startswith("xcb"))


def main() -> int:
    plugin = xcb_plugin()
    ldd = shutil.which("ldd")
    if not uses_xcb() or plugin is None or ldd is None:
        return 0
    result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=False)
    missing = missing_libraries(result.stdout)
    if missing:
        print(advice(packages_for(missing)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
