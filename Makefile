# The two commands of the README: `make run` and `make test`. Each installs what it needs first.
VENV := .venv
STAMP := $(VENV)/.chinwag-setup
export PYTHONUNBUFFERED := 1

.PHONY: run demo test setup lint bench clean

run: $(STAMP)
	$(VENV)/bin/chinwag serve

demo: $(STAMP)
	$(VENV)/bin/chinwag demo

test: $(STAMP)
	$(VENV)/bin/python -m pytest -q -ra

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock scripts/setup.sh
	bash scripts/setup.sh
	touch $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check chinwag tests
	$(VENV)/bin/mypy chinwag

bench: $(STAMP)
	$(VENV)/bin/chinwag bench latency --arch cascaded --json out/bench-latency.json

clean:
	rm -rf $(VENV) out .pytest_cache
