"""Services for surveys and pulses, each a verb that writes in one transaction."""


class SurveyError(Exception):
    """A survey action that its rules do not allow."""
