"""Pages for assessments."""
