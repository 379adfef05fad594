"""Services for insights, each a verb that writes in one transaction."""


class InsightError(Exception):
    """A request for insights that cannot be answered."""
