"""Benchmarks of campfire-codegen against the anchors (run `python bench/run.py`)."""
