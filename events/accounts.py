"""Bank accounts the office pays into (speakers here, participants in `participants`)."""


def mask_account(number: str) -> str:
    """`*********7890`: enough to recognise one's own account, not to pay into it.
    Every page shows this; only the payment list shows the whole number."""
    if len(number) <= 6:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]
