"""Nothing about projects is edited in the technical admin.

Projects, their teams, updates, close-outs and the innovation register change
only through the services, which keep the lifecycle's rules, lock the
project's row and write the audit trail.
"""
