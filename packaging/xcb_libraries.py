"""The system libraries of Qt's X11 plugin that the Linux bundle carries (build.spec), so that the
double-click app opens on a desktop without the xcb-util packages.

A fresh Debian or Ubuntu desktop has libX11, libxcb.so.1, GL, fontconfig and freetype (every X client
needs them), but not libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1 and the other xcb-util libraries
that only Qt's xcb platform plugin (``libqxcb.so``) links to. PyInstaller collects a library only when it
is installed on the build machine and silently leaves it out otherwise: a bundle built before
libxcb-icccm4 was installed lacked it and did not open on such a desktop. So build.spec asks ``ldd``
which of these libraries the plugin loads, adds each one explicitly, and stops the build, naming the
packages to install, when one of them is missing on the build machine.

Standard library only (build.spec imports it; PyInstaller's exclusion list is passed in).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from check_linux_libs import missing_libraries, packages_for

#: The plugin's own libraries: the xcb extensions and utilities, X11's xcb bridge, xkbcommon.
#: Not libxcb.so.1 itself, libX11, GL, fontconfig or freetype: every X desktop has them, and
#: PyInstaller's exclusion list keeps libxcb.so.1 and GL out in any case (they must match the system's).
CARRIED_PREFIXES = ("libxcb-", "libX11-xcb.", "libxkbcommon.", "libxkbcommon-x11.")


#: What a minimal Debian/Ubuntu desktop lacks of them (the packages libxcb-cursor0, -icccm4, -keysyms1,
#: -image0, -render-util0, -shape0, -randr0, -xkb1, -util1 and libxkbcommon-x11-0): the smoke test checks
#: that the bundle loads each from itself, and packaging/try_without_xcb_libs.sh hides them. The bundle
#: carries libxkbcommon.so.0 too, but a desktop has it (GTK 3 and every Wayland client link to it), and
#: so does Qt's own QtGui, so without it even `import PySide6.QtGui` fails before any plugin is tried.
MINIMAL_DESKTOP_LACKS = (
    "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-image.so.0",
    "libxcb-render-util.so.0", "libxcb-shape.so.0", "libxcb-randr.so.0", "libxcb-xkb.so.1", "libxcb-util.so.1",
    "libxkbcommon-x11.so.0",
)


class MissingXcbLibraries(RuntimeError):
    """The build machine lacks libraries the bundle must carry; the message says what to install."""


def resolved_libraries(ldd_output: str) -> dict[str, str]:
    """soname -> path of every library ``ldd`` found, in its order."""
    found: dict[str, str] = {}
    for line in ldd_output.splitlines():
        name, arrow, where = line.strip().partition("=>")
        path = where.strip().split(" (")[0].strip()
        if arrow and path.startswith("/"):
            found.setdefault(name.strip(), path)
    return found


def is_carried(soname: str) -> bool:
    return soname.startswith(CARRIED_PREFIXES)


def libraries_to_carry(ldd_output: str, include: Callable[[str], bool]) -> list[tuple[str, str]]:
    """(path, ".") for each library of the plugin the bundle carries; ``include`` is PyInstaller's
    ``dylib.include_library`` (False for what its exclusion list keeps out, e.g. libxcb-dri*).
    Raises MissingXcbLibraries when one of them is not installed here."""
    missing = [name for name in missing_libraries(ldd_output) if is_carried(name)]
    if missing:
        raise MissingXcbLibraries(
            f"The bundle must carry {', '.join(missing)} (Qt's X11 plugin needs them, a minimal desktop lacks "
            f"them), but this machine does not have them. Install them with: "
            f"sudo apt-get install {' '.join(packages_for(missing))}")
    return [(path, ".") for name, path in resolved_libraries(ldd_output).items()
            if is_carried(name) and include(name)]


def xcb_plugin_binaries(plugin: Path, include: Callable[[str], bool]) -> list[tuple[str, str]]:
    """The binaries entries for build.spec: ``ldd`` of the plugin, resolved on this machine."""
    ldd = shutil.which("ldd")
    if ldd is None or not plugin.is_file():
        raise MissingXcbLibraries(f"cannot list the libraries of {plugin}: ldd or the plugin is missing")
    result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=True)
    return libraries_to_carry(result.stdout, include)
