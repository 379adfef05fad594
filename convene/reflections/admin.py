"""Reflections are deliberately absent from the admin site.

A reflection is its author's alone: no one else in Convene sees it, not
convenors, sponsors or administrators, and the technical admin must not become
a way round that. Shared reflections are anonymous copies that belong to their
community's pages; they are not registered either, so that no one can line
their dates up against people's activity from a privileged screen.
"""
