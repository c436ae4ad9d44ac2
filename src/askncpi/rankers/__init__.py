"""Fitted fusion weights shipped with askncpi (see fusion.py and scripts/fit_ranker.py)."""
