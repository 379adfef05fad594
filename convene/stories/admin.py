"""Value-creation stories are deliberately absent from the admin site.

A story is its author's own: private stories are hidden from administrators in
Convene, and the technical admin must not become a way round that. Authors
change and delete their stories on their own pages or through the API.
"""
