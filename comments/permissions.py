def is_moderator(member) -> bool:
    """Moderators read hidden comments and act on them while reading. is_staff comes first, so
    that ordinary members cost no permission query."""
    return bool(
        member.is_authenticated and member.is_staff and member.has_perm("comments.change_comment")
    )
