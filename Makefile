# Two commands do all set-up on a fresh machine (see README):
#   make report   - create .venv, install framing, run the sample study -> reports/putin-kim/index.html
#   make test     - create .venv, install framing with test tools, lint, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: report test lint install clean

report: $(STAMP)
	$(BIN)/framing run data/corpora/putin-kim --out reports/putin-kim

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

install: $(STAMP)

# bertopic 0.17 declares sentence-transformers (and so torch, several GB) as a hard dependency but
# runs without it: it is installed with --no-deps, BERTopic's documented lightweight install, and
# its real runtime dependencies are in pyproject.toml. pip then prints a "requires
# sentence-transformers" notice and exits 0; `pip check` would report it, so it is not run here.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pip install --quiet --no-deps "bertopic==0.17.4"
	touch $(STAMP)

clean:
	rm -rf $(VENV) reports/putin-kim .pytest_cache .ruff_cache
