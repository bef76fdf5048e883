# The two commands a newcomer types: `make run` and `make test`. Each sets up .venv from nothing
# (and does nothing more once it is up to date).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast bench weights package package-test lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m desktop_app

test: $(STAMP)
	$(BIN)/python -m pytest

# Skips the slow tests (training runs, the pen-digit replay); the full suite is `make test`.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check desktop_app tests benchmarks

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Re-creates the shipped weights exactly as the README says.
weights: $(STAMP)
	$(BIN)/digit-studio train --preset fast --device cpu --out weights/default.pt

# The double-click app (build.spec, PyInstaller one-folder bundle): dist/DigitStudio/DigitStudio.
# CPU_ONLY=1 leaves out the CUDA libraries torch only loads for GPU work. Builds take minutes and
# gigabytes, so neither target is part of `make test`; see packaging/README.md.
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

# Launches the bundle offscreen: draws digits, reads the predictions, trains a few batches, and checks
# that nothing was written into dist/DigitStudio. Fails (rather than skips) when there is no bundle.
package-test: $(STAMP)
	DIGIT_STUDIO_REQUIRE_BUNDLE=1 $(BIN)/python -m pytest -m slow tests/test_package_smoke.py

clean:
	rm -rf build dist .pytest_cache
