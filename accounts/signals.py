"""Signals by which the ground floor tells the apps above it of a change they show."""

from django.dispatch import Signal

# What shows beside a member's name elsewhere (the name, avatar, website, rank) has changed.
# Arguments: member_ids, a list of the members concerned, or None for every member (the ladder
# of ranks changed). Sent inside the transaction of the change.
member_display_changed = Signal()
