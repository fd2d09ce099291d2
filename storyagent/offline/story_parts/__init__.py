"""The offline story writer's parts: topic reading, places, cast, phrasings, assembly."""
from .writer import compose_story

__all__ = ["compose_story"]
