"""OpenAISpeech: any OpenAI-compatible /audio/speech server (OpenAI, Kokoro-FastAPI, LocalAI, ...).

We ask for WAV; servers that answer another format anyway (or TTS_FORMAT set to
mp3/opus/flac/aac/pcm) are decoded by pydub with imageio-ffmpeg's ffmpeg. The format is
sniffed from the bytes and the decoder named explicitly, because ffprobe is not shipped.
"""
from __future__ import annotations

import io
from typing import Any, Mapping

from ..audio import AudioSegment, use_bundled_ffmpeg
from ..domain import ProviderConfigError, SegmentError
from .http import RemoteProvider, RetryPolicy, call_with_retries, openai_client, read_settings
from . import typed_settings

DEFAULT_VOICE = "alloy"
FORMATS = ("wav", "mp3", "opus", "flac", "aac", "pcm")
PCM_RATE = 24000  # OpenAI's raw "pcm": 24 kHz, 16-bit signed little-endian, mono

# sniffed container -> (ffmpeg input format, ffmpeg decoder)
_DECODERS = {"mp3": ("mp3", "mp3"), "opus": ("ogg", "libopus"), "vorbis": ("ogg", "vorbis"),
             "flac": ("flac", "flac"), "aac": ("aac", "aac")}


def sniff_audio(data: bytes, content_type: str = "", asked: str = "") -> str:
    """Name the audio format from its first bytes, else from the Content-Type or what we asked for."""
    head = data[:64]
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "opus" if b"OpusHead" in head else "vorbis"
    if head[:3] == b"ID3":
        return "mp3"
    if len(head) > 1 and head[0] == 0xFF:
        if head[1] & 0xF6 == 0xF0:  # ADTS: sync + layer 00
            return "aac"
        if head[1] & 0xE0 == 0xE0:
            return "mp3"
    for name in ("wav", "mpeg", "mp3", "opus", "ogg", "flac", "aac"):
        if name in content_type.lower():
            return {"mpeg": "mp3", "ogg": "opus"}.get(name, name)
    return asked


def decode_audio(data: bytes, audio_format: str, where: str) -> AudioSegment:
    """An AudioSegment from server bytes of a known format."""
    try:
        if audio_format == "wav":
            return AudioSegment.from_file(io.BytesIO(data), format="wav")
        if audio_format == "pcm":
            usable = len(data) - len(data) % 2
            return AudioSegment(data=data[:usable], sample_width=2, frame_rate=PCM_RATE, channels=1)
        if audio_format in _DECODERS:
            use_bundled_ffmpeg()
            container, codec = _DECODERS[audio_format]
            return AudioSegment.from_file(io.BytesIO(data), format=container, codec=codec)
    except Exception as exc:  # pydub raises several types for undecodable data
        raise SegmentError(f"{where} answered with {audio_format} audio that could not be decoded "
                           f"({exc.__class__.__name__})") from None
    raise SegmentError(f"{where} answered with audio in an unknown format")


class OpenAISpeech(RemoteProvider):
    """Narrates one sentence per call through POST {base}/audio/speech."""

    def __init__(self, config: Mapping[str, Any]):
        self.settings = read_settings(config, "TTS", "openai",
                                      model_example="tts-1 for OpenAI, kokoro for Kokoro-FastAPI")
        config = typed_settings(config)
        self.voice = config["TTS_VOICE"].strip() or DEFAULT_VOICE
        self.voice_zh = config["TTS_VOICE_ZH"].strip() or self.voice
        self.format = config["TTS_FORMAT"]
        if self.format not in FORMATS:
            raise ProviderConfigError(f"TTS_FORMAT must be one of {', '.join(FORMATS)}, not {self.format!r}")
        self.policy = RetryPolicy.from_config(config)
        self.endpoint = self.settings.endpoint("/audio/speech")
        self.client = openai_client(self.settings)

    def voice_for(self, language: str) -> str:
        return self.voice_zh if str(language).lower().startswith("zh") else self.voice

    def synthesize(self, text: str, language: str) -> AudioSegment:
        """Raw speech for ``text``; the Speech segment normalises and writes it."""
        if not text.strip():
            return AudioSegment.silent(duration=0, frame_rate=PCM_RATE)
        response = call_with_retries(
            lambda: self.client.audio.speech.create(model=self.settings.model, voice=self.voice_for(language),
                                                    input=text, response_format=self.format),
            policy=self.policy, endpoint=self.endpoint)
        data = response.content
        where = f"{self.settings.label}: POST {self.endpoint.url}"
        if not data:
            raise SegmentError(f"{where} answered with no audio")
        content_type = response.response.headers.get("content-type", "")
        return decode_audio(data, sniff_audio(data, content_type, self.format), where)
