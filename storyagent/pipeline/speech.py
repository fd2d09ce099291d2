"""Segment 4, Speech: one narrated WAV per sentence of split.json, plus speech/timing.json.

The story's title is narrated too (speech/title.wav, for the film's title card): an
unlisted companion like timing.json, so the segment's listing stays the sentence clips.

The TTS provider returns raw speech; here every clip is brought to one format and
level (storyagent.audio.normalize_speech) so the Video segment can lay them end to end.

When each word of each sentence starts is recorded in speech/words.json (another unlisted
companion) for read-along captions: the engine's own word times when the provider reports
them (espeak-ng's word events, Piper's phoneme durations), else estimated from the clip (word_timing).
"""
from __future__ import annotations

from pathlib import Path

from ..audio import normalize_speech, wav_duration, write_wav_atomic
from ..domain import ProviderConfigError, SegmentError
from .context import SegmentContext
from .inputs import load_split, load_story, unusable
from .word_timing import clip_word_times


def _load_sentences(ctx: SegmentContext) -> list[tuple[int, int, str]]:
    """Return (page, 1-based sentence index, text) for every sentence in split.json, in order."""
    sentences = [(page["page"], index, text)
                 for page in load_split(ctx) for index, text in enumerate(page["sentences"], start=1)]
    if not sentences:
        raise unusable(3, "split.json holds no sentences to narrate")
    return sentences


def _story_language(story: dict, ctx: SegmentContext) -> str:
    """The language the story was written in (story.json), else the one the user asked for."""
    return str(story.get("language") or ctx.brief.language or ctx.config["LANGUAGE"])


TITLE_WAV = "title.wav"


def _speak_all(tts, texts: list[str], language: str):
    """(raw clip, the engine's word events or None) per text, in order.

    A provider that reports word times says so with ``synthesize_timed`` (espeak-ng) or, when it
    speaks several sentences at once, ``synthesize_many_timed`` (Piper); one that can only speak
    several at once with ``synthesize_many``.
    """
    timed_many = getattr(tts, "synthesize_many_timed", None)
    if timed_many is not None:
        return ((speech.audio, speech.words) for speech in timed_many(texts, language))
    timed = getattr(tts, "synthesize_timed", None)
    if timed is not None:
        return ((speech.audio, speech.words) for speech in (timed(text, language) for text in texts))
    speak_all = getattr(tts, "synthesize_many", None) or (lambda texts, lang: (tts.synthesize(t, lang) for t in texts))
    return ((raw, None) for raw in speak_all(texts, language))


def _story_title(story: dict) -> str:
    """The story's title (story.json), narrated for the film's title card; empty if there is none."""
    return " ".join(str(story.get("title", "")).split())


def run(ctx: SegmentContext) -> list[Path]:
    """Synthesise, normalise and write every sentence and the title, then record each clip's real duration."""
    sentences = _load_sentences(ctx)
    story = load_story(ctx, required=False)  # for the title and language; narration needs only split.json
    language = _story_language(story, ctx)
    story_dir = ctx.story_dir
    written: list[Path] = []
    clips: list[dict] = []
    words: list[dict] = []
    title = _story_title(story)
    ctx.progress(0.0, f"narrating {len(sentences)} sentences" + (" and the title" if title else ""))
    try:
        tts = ctx.provider("tts")
        # the title is spoken in the same batch, so with Piper it too runs beside a sentence, not after them all
        raw_clips = iter(_speak_all(tts, [text for _, _, text in sentences] + ([title] if title else []), language))
        for done, ((page, index, text), (raw, events)) in enumerate(zip(sentences, raw_clips), start=1):
            clip = normalize_speech(raw)
            path = write_wav_atomic(story_dir, story_dir.speech_path(page, index), clip)
            written.append(path)
            clips.append({"page": page, "sentence": index, "file": path.name,
                          "duration": round(wav_duration(path), 4)})
            words.append({"page": page, "sentence": index, **clip_word_times(text, clip, events)})
            ctx.progress(done / (len(sentences) + bool(title)), f"narrated page {page} sentence {index}")
        title_entry = None
        if title:
            path = write_wav_atomic(story_dir, story_dir.speech_dir / TITLE_WAV,
                                    normalize_speech(next(raw_clips)[0]))
            title_entry = {"text": title, "file": path.name, "duration": round(wav_duration(path), 4)}
            ctx.progress(1.0, "narrated the title")
    except ProviderConfigError as exc:  # a bad TTS_VOICE / TTS_PROVIDER: the user can fix the setting
        raise SegmentError(str(exc)) from exc
    timing = {"clips": clips}
    if title_entry:
        timing["title"] = title_entry
    story_dir.write_json(story_dir.timing_json, timing)
    story_dir.write_json(story_dir.words_json, {"clips": words})
    return written
