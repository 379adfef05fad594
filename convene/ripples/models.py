"""Ripple-effects maps."""
