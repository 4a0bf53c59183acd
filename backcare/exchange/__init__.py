"""Reports, FHIR and full data export, import of backcare's own export, and share links."""
