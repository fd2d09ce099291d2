"""The built-in generators: a rule-based story writer and a Pillow illustrator (no network, no model)."""
