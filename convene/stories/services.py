"""Services for value-creation stories, each a verb that writes in one transaction."""


class StoryError(Exception):
    """A change to a value-creation story that its rules do not allow."""
