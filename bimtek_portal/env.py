"""Values from the environment, each kind read one way (settings.py, gunicorn.conf.py).

Unset or empty is the default; anything else must be a value of its kind, or the
process refuses to start and names the variable: a typo such as
DJANGO_SECURE_SSL_REDIRECT=ture must not quietly turn HTTPS redirects off.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def _raw(name: str) -> str:
    return os.environ.get(name, "").strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name).lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is neither on nor off: write true or false "
        "(or 1/0, yes/no, on/off), or leave it empty for the default."
    )


def env_int(name: str, default: int) -> int:
    return _env_number(name, default, int, "a whole number")


def env_float(name: str, default: float) -> float:
    return _env_number(name, default, float, "a number")


def _env_number(name: str, default, convert, what: str):
    """`name` read with `convert` (int, float), `default` when empty; a value it cannot
    read stops the start with what was expected."""
    value = _raw(name)
    if not value:
        return default
    try:
        return convert(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not {what} (or leave it empty for the "
            f"default, {default})."
        ) from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
