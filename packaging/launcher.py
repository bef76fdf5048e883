"""The frozen app's entry point (build.spec): ``DigitStudio`` opens the window, ``DigitStudio train ...``
and the other ``digit-studio`` commands work as from the source checkout, ``--self-test`` checks the bundle."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless when nothing uses multiprocessing; needed on Windows if something does
    from desktop_app.cli import main

    sys.exit(main())
