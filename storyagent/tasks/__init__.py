"""Tasks: creation, listing, progress, segment execution, resources, deletion."""
from .routes import bp

__all__ = ["bp"]
