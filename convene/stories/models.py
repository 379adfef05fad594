"""Value-creation stories."""
