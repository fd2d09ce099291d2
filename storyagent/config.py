"""Built-in defaults. Overridden by instance/config.py, then STORYAGENT_<KEY> env vars."""
from __future__ import annotations

# where generated_stories/ lives; empty means the current working directory
BASE_DIR = ""
# relative SQLite paths resolve inside the instance folder
SQLALCHEMY_DATABASE_URI = "sqlite:///storyagent.db"
SQLALCHEMY_ENGINE_OPTIONS: dict = {}
# None -> generated once into instance/secret_key (never a constant in code)
SECRET_KEY = None
JWT_SECRET_KEY = None

LOG_LEVEL = "INFO"
PASSWORD_HASH_METHOD = "scrypt"            # werkzeug method string, e.g. "pbkdf2:sha256:600000"
MAX_CONTENT_LENGTH = 64 * 1024
JWT_ACCESS_TOKEN_EXPIRES = 15 * 60          # seconds
JWT_REFRESH_TOKEN_EXPIRES = 14 * 24 * 3600  # seconds
JWT_COOKIE_SECURE = False                   # set True behind HTTPS

# the segment runner
WORKERS = 2
QUEUE_LIMIT = 8            # accepted jobs waiting for a worker, beyond the busy ones
SEGMENT_TIMEOUT = 1800     # seconds one segment may run
HEARTBEAT_INTERVAL = 5     # seconds between heartbeats of running jobs
STALE_AFTER = 60           # seconds without heartbeat before a running task counts as interrupted
SWEEP_INTERVAL = 15        # seconds between housekeeping sweeps
SCHEDULER_ENABLED = True
SHUTDOWN_GRACE = 20        # seconds running segments may take to finish on SIGTERM before marked interrupted
SEGMENT_NICE = 10          # CPU niceness of segment threads and their ffmpeg (0: same as requests)

# login throttling (Flask-Limiter); only failed logins (401) count
RATELIMIT_ENABLED = True
RATELIMIT_STORAGE_URI = "memory://"   # per process; e.g. redis://host:6379 to share across processes
RATELIMIT_STRATEGY = "moving-window"
LOGIN_FAILURES_PER_USERNAME = "5 per minute"
LOGIN_FAILURES_PER_ADDRESS = "20 per minute"
PROXY_COUNT = 0            # reverse proxies in front that set X-Forwarded-For/-Proto (0: trust none)

# health: /api/health answers 503 when free disk under BASE_DIR drops below this
MIN_FREE_DISK_MB = 500

# story
LANGUAGE = "en"
MAX_TOPIC_LENGTH = 1000

# providers (offline by default)
LLM_PROVIDER = "offline"
LLM_BASE_URL = ""
LLM_API_KEY = ""
LLM_MODEL = ""
LLM_TEMPERATURE = 0.8
LLM_TIMEOUT = 120
IMAGE_PROVIDER = "offline"
IMAGE_BASE_URL = ""
IMAGE_API_KEY = ""
IMAGE_MODEL = ""
IMAGE_STYLE = "children's storybook illustration, soft watercolor, warm light"
IMAGE_TIMEOUT = 300
TTS_PROVIDER = "piper"
TTS_BASE_URL = ""
TTS_API_KEY = ""
TTS_MODEL = ""
TTS_VOICE = ""             # empty -> a default voice for the story language
TTS_RATE = 150             # words per minute (espeak)
TTS_TIMEOUT = 120
PROVIDER_RETRIES = 3       # retries of a timeout, connection error, 429 or 5xx (other 4xx never retry)
PROVIDER_BACKOFF = 1.0     # seconds; base of the exponential backoff (full jitter)
PROVIDER_MAX_WAIT = 30     # seconds; cap on one wait, Retry-After included
LLM_QA_TURNS = 3           # question/answer turns before the outline is written
TTS_VOICE_ZH = ""          # remote TTS voice for Chinese stories; falls back to TTS_VOICE
TTS_FORMAT = "wav"         # what to ask a remote TTS server for
IMAGE_SIZE = ""            # sent as-is to remote image servers when set, e.g. "1024x576"
IMAGE_MAX_SIDE = 1024      # long side asked of self-hosted image models
IMAGE_NEGATIVE_PROMPT = ""  # AUTOMATIC1111 only
IMAGE_STEPS = 25
IMAGE_CFG_SCALE = 7.0
IMAGE_SAMPLER = ""
PIPER_VOICE = ""           # path of a Piper .onnx voice (.onnx.json beside it); empty -> bundled en_US-joe-medium
PIPER_VOICE_ZH = ""        # Piper voice for Chinese stories; empty -> espeak-ng "cmn"
PIPER_LENGTH_SCALE = 1.15  # Piper speaking pace: > 1 slower, < 1 faster (1.15: ~165 words a minute)
PIPER_SENTENCE_SILENCE = 0.3  # seconds of silence between sentences spoken in one Piper call
PIPER_WORKERS = 2          # sentences Piper speaks at once (one CPU thread each)

# split
CAPTION_LINE_LENGTH = 40   # characters per caption line (CJK counts one per character)

# video
VIDEO_WIDTH = 1280
VIDEO_HEIGHT = 720
VIDEO_FPS = 24
VIDEO_CRF = 23
VIDEO_PRESET = "veryfast"
VIDEO_X264_PARAMS = ""     # empty -> our tuned defaults for the preset
PAGE_PAUSE = 0.6           # seconds of picture before and after each page's narration
SENTENCE_PAUSE = 0.35      # seconds between sentences
CROSSFADE = 0.5            # seconds of crossfade between pages
MUSIC_FILE = ""            # optional music bed, ducked under speech
MUSIC_SPEECH_DB = -18.0    # music level under speech
MUSIC_GAP_DB = -8.0        # music level between sentences
MUSIC = "generated"        # generated (a gentle bed composed per story) | file (MUSIC_FILE) | off
LOUDNESS_LUFS = -16.0      # integrated loudness of the film's sound (EBU R128)
TRUE_PEAK_DBTP = -1.5      # true-peak ceiling of the film's sound


def defaults() -> dict:
    """Return the built-in defaults as a flat dict (for the CLI and plain-function use)."""
    return {key: value for key, value in globals().items() if key.isupper()}
