"""Pure-Python domain core: no Django imports here (tests/test_architecture.py)."""
