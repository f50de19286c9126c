"""Numbers read from an address's parameters."""


def small_number(value, digits: int) -> int | None:
    """``value`` as the site's own links write a number: ASCII digits, at most ``digits`` of
    them, without a leading zero (one number, one address: "007" and "7" would be two cache
    keys for one page); None for anything else. ``str.isdigit()`` alone takes "²", which
    ``int()`` refuses (a server error), and "٣", which it reads as 3 (another address for
    the same page, and any number of them)."""
    if not isinstance(value, str) or not 0 < len(value) <= digits:
        return None
    if not (value.isascii() and value.isdigit()) or (value[0] == "0" and value != "0"):
        return None
    return int(value)
