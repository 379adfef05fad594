"""Peer groups are deliberately absent from the admin site.

A group's messages and meeting times are for its members alone, and rounds
are managed by the convenors who form them; the technical admin must not
become a way round either. Administrators form and manage rounds in Convene.
"""
