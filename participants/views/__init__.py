"""The participants pages, a module per audience: public (the form), private (a person's
private link), staff (the registration list and record), checkin and checkin_offline (the
desk), calendar, event (the event page and the quota overview). Helpers they share live in
participants.access, never in a views module."""
