"""Stretch goals are deliberately absent from the admin site.

A goal is its owner's own: private goals are hidden from administrators in
Convene, and the technical admin must not become a way round that. Owners
change and delete their goals on their own pages or through the API.
"""
