"""Pages for questionnaires."""
