# Two commands matter on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export QT_QPA_PLATFORM ?= offscreen

.PHONY: venv test lint typecheck bench demo sim clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[regional,dev]'
	touch $(STAMP)

venv: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python bench/drivers.py --write docs/BENCHMARKS.md
	$(BIN)/python bench/sync.py --write docs/BENCHMARKS.md

sim: $(STAMP)
	$(BIN)/kiosk sim

demo: $(STAMP)
	@echo "The patron UI arrives with issue 5. Until then, try the simulated devices:"
	@echo "  terminal 1: $(BIN)/kiosk sim --config-out /tmp/kiosk-sim.toml"
	@echo "  terminal 2: $(BIN)/kiosk devices monitor --config /tmp/kiosk-sim.toml id_card_reader"

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
