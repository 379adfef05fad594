"""Ripple maps are deliberately absent from the admin site.

A private community's map stays inside the community, hidden from
administrators in Convene, and the technical admin must not become a way
round that. Maps are changed on their own pages or through the API.
"""
