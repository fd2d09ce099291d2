# storyagent: make install && make test (see README)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install test run serve bench clean

install: $(BIN)/activate
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -e .

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

test:
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

run:
	$(BIN)/flask --app storyagent run --host $(HOST) --port $(PORT) --no-reload --with-threads

# production: gunicorn, ONE worker process with THREADS threads (the segment pool lives in it)
THREADS ?= 8
serve:
	HOST=$(HOST) PORT=$(PORT) THREADS=$(THREADS) exec $(BIN)/gunicorn --config gunicorn.conf.py

bench:
	$(BIN)/python bench/bench_video.py
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_api.py

clean:
	rm -rf $(VENV) *.egg-info
