# Two commands a newcomer needs: `make lab` and `make test`. Both build .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The servers (make lab, make notebook, make voila) open NOTEBOOK from notebooks/ on PORT
# (default: 8888 for Jupyter, 8866 for Voila, or the next free one), for this machine only
# unless IP says otherwise (IP=0.0.0.0 in a container). Jupyter refuses root without
# --allow-root, so it is passed only as root. Without a screen (Linux with neither DISPLAY nor
# WAYLAND_DISPLAY: a container, ssh) no browser is opened: the URL, with its token, is printed.
NOTEBOOK ?= 00_explorer.ipynb
PORT ?=
IP ?=
AS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
NO_SCREEN := $(if $(DISPLAY)$(WAYLAND_DISPLAY)$(filter Darwin,$(shell uname -s)),,--no-browser)
JUPYTER := $(AS_ROOT) $(NO_SCREEN) --ServerApp.root_dir=notebooks --ServerApp.answer_yes=True \
	$(if $(PORT),--port=$(PORT) --ServerApp.port_retries=0) $(if $(IP),--ip=$(IP))
VOILA := $(NO_SCREEN) --token $(if $(PORT),--port=$(PORT) --Voila.port_retries=0) \
	$(if $(IP),--Voila.ip=$(IP))
STOP := echo "Open the URL printed below (it carries the token). Ctrl+C stops the server."

.PHONY: lab notebook voila test lint format bench notebooks chromium clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

lab: $(STAMP)
	@$(STOP)
	$(BIN)/jupyter lab $(JUPYTER) --LabApp.default_url=/lab/tree/$(NOTEBOOK)

notebook: $(STAMP)
	@$(STOP)
	$(BIN)/jupyter notebook $(JUPYTER) --JupyterNotebookApp.default_url=/notebooks/$(NOTEBOOK)

voila: $(STAMP)
	@$(STOP)
	$(BIN)/voila $(VOILA) notebooks/$(NOTEBOOK)

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }
	@chromium --version

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Kernel-side tests and notebooks on 2 workers (each notebook on one); then the browser tests
# alone, so page loads and the latency figures do not compete with them for the CPU.
test: $(STAMP) chromium lint
	$(BIN)/python -m pytest -n 2 --dist loadscope -m "not browser"
	$(BIN)/python -m pytest -m browser

# Re-run every notebook and store its outputs (after an intended change of what they show).
notebooks: $(STAMP)
	cd notebooks && ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False --ExecutePreprocessor.store_widget_state=False \
		*.ipynb homework/*.ipynb

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
