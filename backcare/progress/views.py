"""Pages for progress."""
