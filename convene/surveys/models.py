"""Surveys and pulses."""
