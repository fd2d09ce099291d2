"""How often the role sheet read from plain text names the same hero the built-in writer chose.

Writes stories with the offline writer, drops their role sheets, reads the hero back from the
pages alone (storyagent.tasks.story_text.role_sheet_from_text) and prints the agreement, the
looks found, and how long reading takes.

    PYTHONPATH=. .venv/bin/python bench/bench_story_text_roles.py
"""
from __future__ import annotations

import time

from storyagent.domain import StoryBrief
from storyagent.offline.writer import OfflineWriter
from storyagent.tasks.story_text import role_sheet_from_text

TOPICS = {
    "en": ["a dragon who cannot breathe fire", "a little cloud who is scared of thunder", "a boy who loves dinosaurs",
           "the water cycle", "why the sky is blue", "a turtle learns that slow and steady wins",
           "sharing toys with friends", "a robot who wants to paint", "a hen who lost her eggs",
           "a brave little owl", "a lost kitten learns to ask for help", "a mouse and a lion become friends"],
    "zh": ["一只害怕打雷的小兔子", "学会分享", "为什么天空是蓝色的", "小熊找蜂蜜", "一只想飞的小企鹅", "勇敢的小狐狸"],
}


def main() -> None:
    writer = OfflineWriter()
    agree = total = 0
    elapsed = 0.0
    for language, topics in TOPICS.items():
        for seed in (1, 2):
            for topic in topics:
                story = writer.write_story(StoryBrief(topic=topic, language=language, seed=seed), lambda *_: None)
                start = time.perf_counter()
                name, roles = role_sheet_from_text(story["pages"], language)
                elapsed += time.perf_counter() - start
                total += 1
                same = name == story["main_role"]
                agree += same
                print(f"{'ok ' if same else 'XX '} {language} {topic!r}: writer {story['main_role']!r} "
                      f"({story['roles'].get(story['main_role'], '')!r}) | read {name!r} ({roles.get(name, '')!r})")
    print(f"\nsame hero as the writer: {agree}/{total} ({100 * agree / total:.0f} %); "
          f"reading takes {1000 * elapsed / total:.2f} ms a story")


if __name__ == "__main__":
    main()
