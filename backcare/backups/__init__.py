"""Backups of a whole installation (database and data-directory secrets) and their restore;
`backcare backup`, `backcare restore` and deploy/restore-check use it (docs/backups.md)."""
