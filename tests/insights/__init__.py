"""Tests for the anonymity rules behind survey results."""
