"""Every segment reads earlier segments' files through one loader: a missing or corrupt file gets the
same clear answer, naming the segment to run again (never "failed unexpectedly")."""
from __future__ import annotations

import pytest

from storyagent.domain import SegmentError
from storyagent.pipeline import segment_function

# (segment that reads, the file it reads, the segment that writes that file)
READS = [
    (2, "story.json", "Story"), (3, "story.json", "Story"), (4, "split.json", "Split"),
    (5, "split.json", "Split"), (5, "speech/timing.json", "Speech"), (5, "story.json", "Story"),
]
BROKEN = {"missing": None, "not JSON": "{not json", "the wrong shape": '{"pages": "one long page"}'}


def make_everything(make_context, story_dir):
    """Run segments 1-4 so that every input exists and is good."""
    context = make_context(TTS_PROVIDER="espeak", MUSIC="off")
    for segment in range(1, 5):
        segment_function(segment)(context)
    return context




@pytest.mark.parametrize("reader, name, writer", READS)
@pytest.mark.parametrize("damage", list(BROKEN))
def test_a_missing_or_corrupt_input_says_which_segment_to_run_again(make_context, story_dir, reader, name, writer,
                                                                     damage):
    context = make_everything(make_context, story_dir)
    path = story_dir.root / name
    if BROKEN[damage] is None:
        path.unlink()
    else:
        path.write_text(BROKEN[damage])
    with pytest.raises(SegmentError) as caught:
        segment_function(reader)(context)
    assert str(caught.value).startswith(f"{writer} output is missing or unreadable (")
    assert str(caught.value).endswith(f"; run {writer} again")
    assert name in str(caught.value)


@pytest.mark.parametrize("damage", ["not JSON", "the wrong shape"])
def test_speech_reads_story_json_only_for_the_title_but_a_corrupt_one_is_still_named(make_context, story_dir,
                                                                                       damage):
    context = make_everything(make_context, story_dir)
    story_dir.story_json.write_text(BROKEN[damage])
    with pytest.raises(SegmentError, match=r"^Story output is missing or unreadable \(story.json .*\); run Story again$"):
        segment_function(4)(context)
