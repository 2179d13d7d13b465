"""The permissions the portal's code asks for, by name, in one place.

Django names a permission "<app>.<codename>"; a typo in such a string is not an
error, only a check that nobody passes. Code asks by these names; templates keep
Django's `perms.<app>.<codename>`, and migrations their own frozen strings.
In the lowest layer, so every app can name any permission.
"""

VIEW_EVENT = "events.view_event"
CHANGE_EVENT = "events.change_event"

VIEW_REGISTRATION = "participants.view_registration"
VERIFY_REGISTRATION = "participants.verify_registration"
VIEW_REGISTRATION_LOG = "participants.view_registrationlog"
CHECK_IN = "participants.check_in"
# The whole NIK, birth date and private links of a participant (others see the NIK masked).
FULL_NIK = "participants.view_full_nik"

ADD_QUESTION = "learning.add_question"

ALLOCATE_NUMBER = "reports.allocate_number"

ADD_BODY = "bodies.add_body"
CHANGE_BODY = "bodies.change_body"

CHANGE_USER = "auth.change_user"
