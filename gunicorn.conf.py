"""gunicorn settings for `make serve` (gunicorn -c gunicorn.conf.py).

ONE worker process with THREADS request threads: the segment runner's thread pool, its
admission counter and the housekeeping scheduler live inside that process, so a second
worker would mean a second pool with its own limits (see /api/health and the README).

SIGTERM: the master stops listening, the worker finishes in-flight requests, then
worker_exit gives running segments SHUTDOWN_GRACE seconds to finish and marks the rest
(and everything still queued) failed "interrupted by shutdown", removing partial files.
"""
import gc
import os
import sys

# the documented settings: HOST, PORT, THREADS (and STORYAGENT_* for the app itself)
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = 1
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "8"))
chdir = os.path.dirname(os.path.abspath(__file__))
wsgi_app = "wsgi:app"
# the app (and its runner threads) must start in the worker, never in the master before fork
preload_app = False
# recycling the worker would interrupt running segments
max_requests = 0
keepalive = 5
timeout = 60
# no gunicornc control socket: it could add workers at run time (see above), and several
# servers on one machine (tests, benchmarks) would fight over its one default path
control_socket_disable = True

# how long the master waits for the worker after SIGTERM before SIGKILL: time to finish
# in-flight requests (normally milliseconds) plus the runner's grace for running segments
SHUTDOWN_GRACE = float(os.environ.get("STORYAGENT_SHUTDOWN_GRACE", "20"))
graceful_timeout = int(SHUTDOWN_GRACE + 15)

# the app logs one line per request with its request id; gunicorn logs its own life
accesslog = None
errorlog = "-"
loglevel = "info"


def post_worker_init(worker):
    """Start housekeeping now (not at the first request), and tune the worker for quick polls while
    segment threads render in the same process."""
    keeper = getattr(getattr(worker, "wsgi", None), "extensions", {}).get("housekeeping")
    if keeper is not None:
        keeper.start()
    # the loaded app's objects leave the collector's sight: a full pass over them took ~60 ms,
    # a pause every request in flight would wait for (0.3 ms frozen)
    gc.freeze()
    # hand the GIL over every 1 ms instead of 5 ms: /progress p99 while two videos render went
    # from 89 to 61-74 ms in bench/bench_api.py
    sys.setswitchinterval(0.001)


def worker_int(worker):
    """SIGINT/SIGQUIT asks for a quick exit: no grace for running segments."""
    worker.storyagent_quick_exit = True


def worker_exit(server, worker):
    """Stop the scheduler and the runner gracefully (runs in the worker after its last request)."""
    app = getattr(worker, "wsgi", None)
    stop = getattr(app, "extensions", {}).get("stop_background_services") if app is not None else None
    if stop is None:
        return  # called in the master for a reaped worker, or the app never loaded
    grace = 0.0 if getattr(worker, "storyagent_quick_exit", False) else float(app.config["SHUTDOWN_GRACE"])
    stop(grace=min(grace, SHUTDOWN_GRACE))
