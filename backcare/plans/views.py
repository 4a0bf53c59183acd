"""Pages for plans."""
