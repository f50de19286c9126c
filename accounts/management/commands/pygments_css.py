"""Writes static/css/pygments.css: the colours of highlighted code (accounts.markdown), for the
light theme and the dark one, each colour moved just enough to meet WCAG AA (4.5:1) against the
code blocks' background in that theme (--code-bg in causerie.css)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from pygments.formatters.html import _get_ttype_class
from pygments.styles import get_style_by_name

LIGHT = ("friendly", "#f6f8fa")
DARK = ("github-dark", "#0f1318")
DARK_SELECTORS = (
    ':root[data-theme="dark"] .highlight',
    '@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) .highlight',
)
AA = 4.5


def _luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(hex_colour: str):
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def readable(colour: str, background: str) -> str:
    """``colour``, darkened or lightened toward black or white until it reads on ``background``."""
    rgb, bg = _rgb(colour), _rgb(background)
    target = (0, 0, 0) if _luminance(bg) > 0.5 else (255, 255, 255)
    step = 0
    while contrast(rgb, bg) < AA and step < 100:
        step += 1
        rgb = tuple(round(c + (t - c) * 0.05) for c, t in zip(rgb, target, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def rules(style_name: str, background: str) -> list[tuple[str, str]]:
    style = get_style_by_name(style_name)
    found = []
    for ttype, _definition in style:
        token = style.style_for_token(ttype)
        css_class = _get_ttype_class(ttype)
        if not css_class:
            continue
        declarations = []
        if token["color"]:
            declarations.append(f"color: {readable('#' + token['color'], background)}")
        if token["bold"]:
            declarations.append("font-weight: bold")
        if token["italic"]:
            declarations.append("font-style: italic")
        if declarations:
            found.append((css_class, "; ".join(declarations)))
    return found


class Command(BaseCommand):
    help = "Write static/css/pygments.css (highlighted code in both themes, WCAG AA)."

    def handle(self, *args, **options):
        lines = [
            "/* Colours of highlighted code, in both themes: written by `manage.py pygments_css`",
            f"   from Pygments' {LIGHT[0]} and {DARK[0]} styles, each colour moved to 4.5:1 at",
            "   least against the code blocks' background. Do not edit by hand. */",
            ".highlight { line-height: 1.45; }",
        ]
        for css_class, declarations in rules(*LIGHT):
            lines.append(f".highlight .{css_class} {{ {declarations} }}")
        dark = rules(*DARK)
        for css_class, declarations in dark:
            lines.append(f"{DARK_SELECTORS[0]} .{css_class} {{ {declarations} }}")
        lines.append(DARK_SELECTORS[1].split(" { ")[0] + " {")
        for css_class, declarations in dark:
            lines.append(f"  {DARK_SELECTORS[1].split(' { ')[1]} .{css_class} {{ {declarations} }}")
        lines.append("}")
        path = Path(settings.BASE_DIR) / "static" / "css" / "pygments.css"
        path.write_text("\n".join(lines) + "\n")
        self.stdout.write(f"Wrote {path}")
