# Two commands do all set-up on a fresh machine (see README):
#   make report   - create .venv, install framing, run the sample study -> reports/putin-kim/index.html
#   make test     - create .venv, install framing with test tools (and Debian's chromium for the
#                   browser test), lint, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: report test lint install browser clean

report: $(STAMP)
	$(BIN)/framing run analysis/putin_kim/study.yaml

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# The browser test drives Debian's chromium (never a downloaded browser). It is installed here
# when missing and apt-get can run; otherwise the test is skipped and says why.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian's chromium for the browser test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
		|| echo "chromium could not be installed: the browser test will be skipped"; \
	else echo "no /usr/bin/chromium and no root apt-get: the browser test will be skipped"; fi

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
