"""Services for values in action, each a verb that writes in one transaction."""


class ValuesError(Exception):
    """A change to the organisation's values or their stories that the rules do not allow."""
