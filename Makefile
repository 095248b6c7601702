# The two commands: `make run` opens the app, `make test` runs every test.
# Both create .venv and install the pinned dependencies on a fresh machine.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: run test lint bench profile mutate compile tools clean

$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e . --config-settings editable_mode=compat
	touch $(STAMP)

# Byte-compile once: this keeps `smallwins status` fast even where
# PYTHONDONTWRITEBYTECODE stops Python from caching bytecode by itself; and
# import every module once and read the built-in themes, which keeps each
# record's compiled __init__ and the themes as read beside the bytecode
# (core/compiled.py) the same way.
compile: $(STAMP)
	@$(PY) -m compileall -q smallwins core tui themes mutate bench >/dev/null
	@PYTHONDONTWRITEBYTECODE= $(PY) -c "import importlib, pkgutil, smallwins; \
	  [importlib.import_module(m.name) for m in pkgutil.walk_packages(smallwins.__path__, 'smallwins.')]; \
	  from smallwins.tui.theming import load_themes; load_themes(None)"

run: compile
	$(VENV)/bin/smallwins $(ARGS)

# The end-to-end tests drive the real program in tmux, the rollover test uses
# faketime and one test reaches the app through a private sshd on loopback:
# install them when they are missing (Debian, as root).  The browser tests
# drive Debian's Chromium (Playwright never downloads a browser); where it
# cannot be installed they are skipped, saying why.
tools:
	@command -v tmux >/dev/null && command -v faketime >/dev/null && \
	  test -x /usr/sbin/sshd && command -v ssh >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq tmux faketime openssh-server openssh-client >/dev/null; }
	@test -x /usr/bin/chromium || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium >/dev/null; } || \
	  echo "make: chromium could not be installed: the browser tests will be skipped" >&2

# Guardrails: a new lint or type error fails `make test` (and so CI).
lint: $(STAMP)
	$(VENV)/bin/ruff check core tui tests bench mutate
	$(VENV)/bin/mypy -p smallwins

test: compile tools lint
	$(PY) -m pytest -q $(ARGS)

bench: compile tools
	$(PY) -m bench.run $(ARGS)

# Where the time and memory of the budgets not met go, by phase (bench/profile.py):
# writes bench/results/profile.md.
profile: compile tools
	$(PY) -m bench.profile

# Mutation testing of the engine against its fast tests (minutes, not part of
# `make test`): the score per module and every surviving mutant.
mutate: compile
	$(PY) -m mutate.run $(ARGS)

clean:
	rm -rf $(VENV)
