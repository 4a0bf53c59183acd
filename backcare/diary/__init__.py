"""Diary: daily check-ins, spasm episodes, imported measures, self-experiments and insights."""
