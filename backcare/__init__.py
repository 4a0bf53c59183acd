"""backcare: red-flag triage, evidence-graded self-care and tracking for back pain."""
