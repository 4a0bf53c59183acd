"""Assessments: the symptom intake, red-flag triage, contributing factors and expected course."""
