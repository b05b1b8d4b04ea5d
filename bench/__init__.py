"""Benchmarks of Peru–China Trade Lens: they print numbers; they are not pass/fail tests."""
