# The two commands a newcomer types: `make run` and `make test`. Each sets up .venv from nothing
# (and does nothing more once it is up to date).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run screenshots test test-fast bench bench-all soak weights package package-cpu package-test package-bare-desktop lint \
	translations clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# On Linux, first checks that Qt's X11 plugin finds its system libraries (one line says what to
# apt-get install when it does not).
run: $(STAMP)
	$(BIN)/python packaging/check_linux_libs.py
	$(BIN)/python -m desktop_app

test: $(STAMP)
	$(BIN)/python -m pytest

# Skips the slow tests (training runs, the pen-digit replay); the full suite is `make test`.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# Style and complexity (ruff), the layer rules in pyproject.toml (import-linter), and translations that
# match the code (every text in the .ts, translated, and each .qm built from its .ts).
lint: $(STAMP)
	$(BIN)/ruff check desktop_app devtools tests benchmarks packaging
	$(BIN)/python -m devtools.function_length desktop_app devtools
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m devtools.translations check

# After adding or changing a text for people: refreshes resources/translations/*.ts from the code
# (pyside6-lupdate) and rebuilds the .qm catalogues (pyside6-lrelease); translate what it lists as new.
translations: $(STAMP)
	$(BIN)/python -m devtools.translations update

# The README's screenshots (docs/screenshots/*.png), made offscreen from the real window.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m devtools.screenshots docs/screenshots
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m devtools.screenshots docs/screenshots --language zh_CN

# One table: each preset's time to 99.0% and 99.5% MNIST test accuracy, final accuracy and samples/s, with
# PyTorch's own MNIST example measured in the same run as the reference row (about 5 minutes on 2 cores).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_training.py

# Every benchmark in benchmarks/ (latency, start-up, GUI training, evaluation view, ...), one after another.
bench-all: $(STAMP)
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# One app process used hard for 30 minutes (MINUTES=...): crashes, errors, memory growth, stalls.
MINUTES ?= 30
soak: $(STAMP)
	$(BIN)/python benchmarks/soak.py --minutes $(MINUTES)

# Re-creates the shipped weights exactly as the README says, and their ONNX twin (read before torch loads).
weights: $(STAMP)
	$(BIN)/digit-studio train --preset fast --device cpu --precision float32 --out weights/default.pt
	$(BIN)/digit-studio export weights/default.pt --onnx weights/default.onnx

# The double-click app (build.spec, PyInstaller one-folder bundle): dist/DigitStudio/DigitStudio.
# CPU_ONLY=1 leaves out the CUDA libraries torch only loads for GPU work. Builds take minutes and
# gigabytes, so none of these targets is part of `make test`; see README.md, "The double-click app".
CPU_ONLY ?=
PACKAGE_STAMP := $(VENV)/.installed-package

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	rm -rf dist/DigitStudio
	DIGIT_STUDIO_CPU_ONLY=$(CPU_ONLY) $(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller build.spec
	@du -sh dist/DigitStudio

# A CPU-only bundle, dist-cpu/DigitStudio, from its own environment (.venv-cpu) holding PyTorch's CPU
# wheel and no torchvision (whose PyPI wheel needs the CUDA torch; the app reads MNIST without it).
# CPU_TORCH is what pip installs for torch: PyTorch's CPU index by default, or a wheel file.
CPU_TORCH ?= torch --index-url https://download.pytorch.org/whl/cpu
CPU_VENV := .venv-cpu
CPU_STAMP := $(CPU_VENV)/.installed

$(CPU_STAMP): pyproject.toml
	test -x $(CPU_VENV)/bin/python || $(PYTHON) -m venv $(CPU_VENV)
	$(CPU_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(CPU_VENV)/bin/python -m pip install --quiet $(CPU_TORCH)
	$(CPU_VENV)/bin/python packaging/requirements.py --extra package --without torch torchvision \
		> $(CPU_VENV)/requirements.txt
	$(CPU_VENV)/bin/python -m pip install --quiet -r $(CPU_VENV)/requirements.txt
	$(CPU_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $(CPU_STAMP)

package-cpu: $(CPU_STAMP)
	rm -rf dist-cpu/DigitStudio
	$(CPU_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist-cpu --workpath build/pyinstaller-cpu build.spec
	@du -sh dist-cpu/DigitStudio

# Launches the bundle offscreen: draws digits, reads the predictions, trains a few batches, and checks
# that nothing was written into the bundle. Fails (rather than skips) when there is no bundle.
# BUNDLE=dist-cpu/DigitStudio checks the CPU-only one.
BUNDLE ?= dist/DigitStudio
package-test: $(STAMP)
	DIGIT_STUDIO_REQUIRE_BUNDLE=1 DIGIT_STUDIO_BUNDLE=$(BUNDLE) $(BIN)/python -m pytest -m slow tests/test_package_smoke.py

# Linux, as root: starts the bundle under Xvfb with the xcb-util libraries a fresh desktop lacks hidden from
# it (a mount namespace), after checking that the venv app fails there; screenshots in build/bare-desktop/.
package-bare-desktop: $(STAMP)
	VENV=$(VENV) packaging/try_without_xcb_libs.sh $(BUNDLE) build/bare-desktop

clean:
	rm -rf build dist dist-cpu .pytest_cache
