# The two commands: `make run` opens the app, `make test` runs every test.
# Both create .venv and install the pinned dependencies on a fresh machine.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: run test bench demo tools clean

$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/smallwins $(ARGS)

# The end-to-end tests drive the real program in tmux, and the rollover test
# uses faketime: install them when they are missing (Debian, as root).
tools:
	@command -v tmux >/dev/null && command -v faketime >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq tmux faketime >/dev/null; }

test: $(STAMP) tools
	$(PY) -m pytest -q $(ARGS)

bench: $(STAMP) tools
	$(PY) -m bench.run $(ARGS)

clean:
	rm -rf $(VENV)
