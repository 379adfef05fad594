"""The survey pages."""
