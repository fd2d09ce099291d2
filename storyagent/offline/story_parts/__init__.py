"""The offline story writer's parts.

topic.py reads the topic (hero kind, trouble, goal, objects, place; English and Chinese);
lexicon.py, facts.py, fact_scenes.py and details.py hold the word tables, the fact library
and concrete story material; skeletons.py (+ more_plots.py, more_plots_2.py, more_en.py) the plot skeletons per plot kind;
cast.py and places.py the characters and settings; voice.py a per-story choice of words;
writer.py puts a story together (echoes.py: the runs of words it keeps from saying twice);
checks.py holds the measures the tests and bench share.
"""
from .writer import compose_story

__all__ = ["compose_story"]
