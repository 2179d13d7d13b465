"""Domain errors of registration and check-in, each with a message for a person.

Views show `error.message` as it is: it is already translated and says what to do.
"""


class ParticipantError(Exception):
    field: str | None = None  # the form field the error belongs to, if any

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class RegistrationClosed(ParticipantError):
    pass


class UnitNotAllowed(ParticipantError):
    field = "unit"


class RoleNotAllowed(ParticipantError):
    field = "role"


class DuplicateNik(ParticipantError):
    field = "nik"


class QuotaFull(ParticipantError):
    pass


class InvalidStatus(ParticipantError):
    """The registration is not in a state that allows this action."""


class AlreadyAttended(InvalidStatus):
    """The person was recorded present: the documents count them, so they stay."""


class ReasonRequired(ParticipantError):
    field = "reason"


class CheckInError(ParticipantError):
    pass


class RegistrationInactive(CheckInError):
    pass


class AlreadyCheckedIn(CheckInError):
    pass


class NotVerified(CheckInError):
    pass


class WrongEvent(CheckInError):
    pass


class NotAnEventDay(CheckInError):
    pass


class SubmissionKeyUsed(ParticipantError):
    """The form's one-time key already made someone else's registration."""


class InvalidAccount(ParticipantError):
    field = "account_number"
