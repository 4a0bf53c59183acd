"""Progress: the dashboard, honest insights, self-experiments and health-data imports."""
