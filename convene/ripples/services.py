"""Services for ripple-effects maps, each a verb that writes in one transaction."""


class RippleError(Exception):
    """A change to a ripple-effects map that its rules do not allow."""
