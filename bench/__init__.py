"""`make bench`: load, scale and page-weight benchmarks; results go to docs/benchmarks.md."""
