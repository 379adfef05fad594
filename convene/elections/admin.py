"""Elections are deliberately absent from the admin site.

Ballots and receipts must never sit side by side on an admin page, and every
change to an election, a nomination or a term goes through the services,
which keep the rules (no one edits a window once voting has opened, or a
count) and write the audit trail. Administrators run elections in Convene.
"""
