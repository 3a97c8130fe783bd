"""HTML sanitising for member-written text, with nh3 (ammonia) against an allow-list."""

import re
import unicodedata

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
LINK_REL = "nofollow ugc noopener"


def sanitise_html(html):
    """Return ``html`` with everything outside the allow-list removed; links get rel=ugc."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    )


# Bidirectional overrides and isolates let a name display differently from what it is
# ("gnp.exe" shown as "exe.png"); nobody needs them in a name, role or bio.
BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)


def clean_plain_text(text, multiline=False):
    """Plain text as members type it, minus control characters; single lines get their
    whitespace collapsed. Markup is kept as typed: templates escape it on output."""
    text = (text or "").translate(BIDI_CONTROLS)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = "".join(ch for ch in text if ch in "\n\t" or not _is_control(ch))
        # At most one empty line between paragraphs, none at the start or end.
        lines = [line.rstrip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        return text
    text = "".join(" " if _is_control(ch) else ch for ch in text)
    return " ".join(text.split())


def _is_control(ch):
    # Category Cc only: format characters such as the zero-width joiner inside emoji stay.
    return unicodedata.category(ch) == "Cc"
