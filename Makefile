# Two commands matter on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv test lint typecheck bench demo sim clean postgres haproxy soak screenshots translations qt-runtime \
	audio-runtime prompts browser

# PostgreSQL for the regional service's tests: installed from Debian's packages when running
# as root and missing. As root and in CI (CI=true) the suite must run against it
# (KIOSK_REQUIRE_POSTGRES=1: a missing PostgreSQL fails); elsewhere its half is skipped, and
# the end of the test session says so in capitals.
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo 1)
REQUIRE_POSTGRES := $(if $(or $(IS_ROOT),$(filter true,$(CI))),1,0)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[ui,regional,dev]'
	touch $(STAMP)

venv: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

postgres:
	@if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$(IS_ROOT)" = 1 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing PostgreSQL (Debian package) for the regional service tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else \
	    if [ "$(REQUIRE_POSTGRES)" = 1 ]; then \
	      echo "PostgreSQL not found, and CI=true requires it: install it (sudo make postgres)"; \
	    else \
	      echo "PostgreSQL not found: the regional tests will run on SQLite only"; \
	    fi; \
	  fi; \
	fi

# HAProxy (Debian's package) for the scale-out tests: two service instances behind it.
haproxy:
	@if ! command -v haproxy >/dev/null 2>&1 && ! [ -x /usr/sbin/haproxy ]; then \
	  if [ "$(IS_ROOT)" = 1 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing HAProxy (Debian package) for the scale-out tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
	  else \
	    echo "HAProxy not found: the scale-out tests will be skipped"; \
	  fi; \
	fi

# Chromium (Debian's package) for the staff console's browser tests, driven by Playwright's
# Python package through executable_path: nothing downloads a browser of its own.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$(IS_ROOT)" = 1 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Chromium (Debian package) for the console's browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium not found: the console's browser tests will be skipped (sudo apt-get install chromium)"; \
	  fi; \
	fi

test: export QT_QPA_PLATFORM = offscreen
test: export KIOSK_REQUIRE_POSTGRES = $(REQUIRE_POSTGRES)
# Two workers (pytest-xdist): a serial run keeps about 0.6 of one core busy, the rest of its
# time waiting on services, subprocesses and timers, so two overlap well on two cores.
# --dist loadfile keeps a module's tests, and its module-scoped service or wheel, on one worker.
test: lint typecheck postgres haproxy audio-runtime browser
	$(BIN)/python -m pytest -p no:cacheprovider -n 2 --dist loadfile

# The fault and load suites at full count (make test runs them reduced).
soak: export QT_QPA_PLATFORM = offscreen
soak: export KIOSK_SOAK = 1
soak: export KIOSK_CRASH_RUNS = 200
soak: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests/faults tests/e2e/test_crash.py \
		tests/e2e/test_service_crash.py -s

# Every benchmark in one go; each rewrites its own section of docs/BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python bench/drivers.py --write docs/BENCHMARKS.md
	$(BIN)/python bench/journal.py --write docs/BENCHMARKS.md
	$(BIN)/python bench/sync.py --write docs/BENCHMARKS.md
	$(BIN)/python bench/regional.py --write docs/BENCHMARKS.md
	$(BIN)/python bench/ui.py --write docs/BENCHMARKS.md
	$(BIN)/python bench/sip2.py --write docs/BENCHMARKS.md
	$(BIN)/python bench/rfid_reader.py --write docs/BENCHMARKS.md
	$(BIN)/python bench/rfid_borrow.py --write docs/BENCHMARKS.md

screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py

translations: $(STAMP)
	$(BIN)/python tools/build_translations.py

sim: $(STAMP)
	$(BIN)/kiosk sim

# Qt's X11 plugin needs a few xcb libraries that a bare Debian may lack (desktops have them).
QT_XCB_LIBS := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxkbcommon-x11-0 libxcb-xkb1 libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0
qt-runtime:
	@if ! ldconfig -p 2>/dev/null | grep -q libxcb-cursor.so.0 || ! ldconfig -p 2>/dev/null | grep -q libxcb-icccm.so.4; then \
	  if [ "$(IS_ROOT)" = 1 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing the X11 libraries Qt needs (Debian packages)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(QT_XCB_LIBS) >/dev/null; \
	  else \
	    echo "Qt may need: sudo apt-get install $(QT_XCB_LIBS)"; \
	  fi; \
	fi

demo: $(STAMP) qt-runtime audio-runtime
	$(BIN)/kiosk demo

# Sound and speech: ALSA's aplay plays cues and prompts (PySide6-Essentials has no QtMultimedia;
# aplay reaches PulseAudio/PipeWire too through ALSA's default device), espeak-ng speaks what
# varies (titles, dates) and builds the prompt files. The tests play into ALSA's file plugin.
AUDIO_PACKAGES := alsa-utils espeak-ng
audio-runtime:
	@if ! command -v aplay >/dev/null 2>&1 || ! command -v espeak-ng >/dev/null 2>&1; then \
	  if [ "$(IS_ROOT)" = 1 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing aplay and espeak-ng (Debian packages) for sound and speech"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends $(AUDIO_PACKAGES) >/dev/null; \
	  else \
	    echo "no sound or speech without: sudo apt-get install $(AUDIO_PACKAGES)"; \
	  fi; \
	fi

# The spoken prompts (resources/prompts/<language>/<key>.wav) from resources/prompts/prompts.toml,
# its result rows first set to the words on the screen (kiosk/ui/messages.py, translations).
prompts: $(STAMP) audio-runtime
	$(BIN)/python tools/build_prompts.py --sync-results

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
