# Two commands: `make report` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNEL := rpa-parkstad
# the tests in parallel processes, one per core, each test file in one process (pytest-xdist)
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: report test lab lint bench clean-outputs help

help:
	@echo "make report  - installeert (eerste keer) en maakt de jaarlijkse rapportageset in outputs/"
	@echo "make test    - installeert (eerste keer) en draait alle tests (ruff + pytest)"
	@echo "make lab     - zet de verwerkte data klaar en opent JupyterLab op notebooks/"
	@echo "make bench   - draait de benchmarks en schrijft benchmarks/RESULTS.md"

# Re-install only when the dependency list changed.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (rpa-parkstad)" > /dev/null
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/rpa report $(REPORT_ARGS)

test: $(STAMP)
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check analysis tests benchmarks

lab: $(STAMP)
	$(BIN)/rpa prepare $(LAB_ARGS)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run_all $(BENCH_ARGS)

clean-outputs:
	rm -rf outputs/[0-9]* outputs/.tmp-* data/processed/[0-9]*
