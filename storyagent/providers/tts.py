"""Text-to-speech providers. EspeakTTS: the espeak-ng library that the espeakng-loader wheel ships.

The wheel has no command-line program, so we drive ``libespeak-ng.so`` with ctypes in
synchronous mode: ``espeak_Synth`` returns once a callback has received every sample.
The library keeps global state (one current voice, one callback), so every call goes
through one process-wide lock and the library is initialised once per process.
"""
from __future__ import annotations

import ctypes
import itertools
import threading
from dataclasses import dataclass
from typing import Any, Mapping

import espeakng_loader

from ..audio import AudioSegment
from ..domain import ProviderConfigError
from . import typed_settings

# from espeak-ng's speak_lib.h
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000   # report a bad data path instead of calling exit()
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 1
_EE_OK = 0
_BUFFER_MS = 500
_EVENT_LIST_TERMINATED = 0
_EVENT_WORD = 1

# story language -> espeak voice used when TTS_VOICE is empty
DEFAULT_VOICES = {"en": "en-us", "zh": "cmn"}
# espeak-ng's own speaking-rate limits, words per minute
MIN_RATE, MAX_RATE = 80, 450


class _Voice(ctypes.Structure):
    """espeak_VOICE. ``languages`` is a list of (priority byte, NUL-terminated name) ending in a 0 byte."""

    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_void_p), ("identifier", ctypes.c_char_p),
                ("gender", ctypes.c_ubyte), ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte),
                ("xx1", ctypes.c_ubyte), ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


def _voice_languages(address: int | None) -> list[str]:
    """Decode the ``languages`` list of an espeak_VOICE."""
    languages: list[str] = []
    while address and ctypes.string_at(address, 1) != b"\0":
        name = ctypes.string_at(address + 1)
        languages.append(name.decode())
        address += len(name) + 2
    return languages


class _Event(ctypes.Structure):
    """espeak_EVENT. A word event's ``text_position`` is its first character (1-based, in characters with
    espeakCHARS_UTF8), ``length`` its characters, ``sample`` the output sample where the word starts."""

    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


@dataclass(frozen=True)
class WordEvent:
    """A word espeak-ng spoke: characters ``start`` .. ``start + length`` of the text (0-based), from ``seconds``."""

    start: int
    length: int
    seconds: float


@dataclass(frozen=True)
class TimedSpeech:
    """Speech with the times the engine started each word."""

    audio: AudioSegment
    words: list[WordEvent]


_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                                  ctypes.POINTER(_Event))


class _Espeak:
    """The loaded library, its sample rate and the buffer its callback fills (guarded by ``lock``)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.lib: ctypes.CDLL | None = None
        self.sample_rate = 0
        self.chunks: list[bytes] = []
        self.words: list[tuple[int, int, int]] = []    # (text position, length, sample) of each word event
        self.voice_names: frozenset[str] = frozenset()
        self.callback = _SynthCallback(self._collect)  # kept referenced: the library holds a raw pointer

    def _collect(self, samples, count, events) -> int:
        if samples and count > 0:
            self.chunks.append(ctypes.string_at(samples, count * 2))
        index = 0
        while events and events[index].type != _EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type == _EVENT_WORD:
                self.words.append((event.text_position, event.length, event.sample))
            index += 1
        return 0  # 0 = keep synthesising

    def ensure_loaded(self) -> ctypes.CDLL:
        """Load and initialise the library on first use (call with ``lock`` held)."""
        if self.lib is None:
            lib = ctypes.CDLL(espeakng_loader.get_library_path())
            lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
            lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
            lib.espeak_SetVoiceByProperties.argtypes = [ctypes.POINTER(_Voice)]
            lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
            lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
            lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
            lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
            lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                         ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
            # the compiled-in data path is the wheel builder's folder: always pass the shipped one
            data_path = str(espeakng_loader.get_data_path()).encode()
            rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, _BUFFER_MS, data_path, _INITIALIZE_DONT_EXIT)
            if rate <= 0:
                raise RuntimeError(f"espeak-ng failed to initialise with data at {data_path.decode()}")
            lib.espeak_SetSynthCallback(self.callback)
            self.lib, self.sample_rate = lib, rate
            self.voice_names = self._list_voice_names(lib)
        return self.lib

    @staticmethod
    def _list_voice_names(lib: ctypes.CDLL) -> frozenset[str]:
        """Every name, identifier and language of the installed voices, lower-cased."""
        names: set[str] = set()
        voices = lib.espeak_ListVoices(None)
        for index in itertools.count():
            if not voices[index]:
                return frozenset(names)
            voice = voices[index].contents
            names.update({voice.name.decode().lower(), voice.identifier.decode().lower()})
            names.update(language.lower() for language in _voice_languages(voice.languages))

    def select_voice(self, voice: str) -> None:
        """Select a voice by name/identifier (``en-us``, ``gmw/en-US``, ``en-us+f3``) or by language (``zh``).

        espeak matches languages loosely ("no-such-voice" would pick Norwegian), so the
        name is first checked against the installed voices.
        """
        lib = self.ensure_loaded()
        encoded = voice.encode()
        if voice.split("+")[0].lower() in self.voice_names:
            if lib.espeak_SetVoiceByName(encoded) == _EE_OK:
                return
            language = ctypes.create_string_buffer(encoded)
            spec = _Voice(languages=ctypes.cast(language, ctypes.c_void_p))
            if lib.espeak_SetVoiceByProperties(ctypes.byref(spec)) == _EE_OK:
                return
        raise ProviderConfigError(
            f"espeak-ng has no voice or language {voice!r}: set TTS_VOICE to e.g. 'en-us', 'en-gb', "
            f"'cmn' (Mandarin) or a variant such as 'en-us+f3', or leave it empty for the story language")

    def synthesize(self, text: str, voice: str, rate: int) -> TimedSpeech:
        """Speak ``text``; the audio and the word events the library reported on the way."""
        with self.lock:
            lib = self.ensure_loaded()
            self.select_voice(voice)
            lib.espeak_SetParameter(_RATE, rate, 0)
            self.chunks, self.words = [], []
            encoded = text.encode("utf-8") + b"\0"
            status = lib.espeak_Synth(encoded, len(encoded), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            lib.espeak_Synchronize()
            pcm, self.chunks = b"".join(self.chunks), []
            words, self.words = self.words, []
            if status != _EE_OK:
                raise RuntimeError(f"espeak-ng could not synthesise the text (error {status})")
            audio = AudioSegment(data=pcm, sample_width=2, frame_rate=self.sample_rate, channels=1)
            return TimedSpeech(audio, [WordEvent(position - 1, length, sample / self.sample_rate)
                                       for position, length, sample in words if position > 0])


_ESPEAK = _Espeak()


class EspeakTTS:
    """Offline speech with espeak-ng: fast (hundreds of times real time), robotic, many languages."""

    def __init__(self, voice: str = "", rate: int = 150):
        self.voice = voice.strip()
        self.rate = max(MIN_RATE, min(MAX_RATE, int(rate)))
        if self.voice:
            with _ESPEAK.lock:  # fail at set-up, not halfway through a story
                _ESPEAK.select_voice(self.voice)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "EspeakTTS":
        config = typed_settings(config)
        return cls(voice=config["TTS_VOICE"], rate=config["TTS_RATE"])

    def voice_for(self, language: str) -> str:
        """TTS_VOICE if set, else the default voice of the story language (the language itself if unknown)."""
        return self.voice or DEFAULT_VOICES.get(language, language or "en-us")

    def synthesize(self, text: str, language: str) -> AudioSegment:
        """Speak ``text`` and return mono 16-bit audio at the library's sample rate (22050 Hz)."""
        return _ESPEAK.synthesize(text, self.voice_for(language), self.rate).audio

    def synthesize_timed(self, text: str, language: str) -> TimedSpeech:
        """Speak ``text`` and say when each word starts (espeak-ng's word events): what read-along captions use."""
        return _ESPEAK.synthesize(text, self.voice_for(language), self.rate)
