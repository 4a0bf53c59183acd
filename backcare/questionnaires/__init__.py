"""Questionnaires: validated instruments taken, scored and compared over time."""
