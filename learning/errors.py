"""Domain errors of the tests and the survey; `field` names the form field they belong to."""


class LearningError(Exception):
    field: str | None = None

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field


class NotOpen(LearningError):
    pass


class AlreadySubmitted(LearningError):
    pass


class NotAllowed(LearningError):
    pass


class Incomplete(LearningError):
    pass
