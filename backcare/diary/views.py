"""Pages for diary."""
