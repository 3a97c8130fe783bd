"""What members type in the reply and question boxes, turned into safe HTML and back.

The box is a plain textarea, so it works without JavaScript and with every assistive
technology. Members type text with an empty line between paragraphs; for bold, italics,
lists, quotes and links the small toolbar (static/questions/editor.js) inserts the tags
<strong>, <em>, <ul>/<ol> with <li>, <blockquote> and <a href="…">, which anyone may also
type by hand. Everything else is removed by the sanitiser (community.sanitise).
"""

import html
import re

from django.utils.html import strip_tags

from community.sanitise import sanitise_html

# The block-level tags members may use; the text between them is made into paragraphs.
BLOCK_TAG = re.compile(r"(</?(?:p|ul|ol|li|blockquote)\b[^>]*>)", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Entities that make text unreadable in the edit box; &lt; and &gt; stay, so text that
# merely looks like a tag is not turned into one on the next save.
READABLE_ENTITIES = {"&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&nbsp;": " "}


def _tag_name(tag):
    return re.match(r"</?\s*(\w+)", tag).group(1).lower()


def member_html(text):
    """Safe HTML for what a member typed: paragraphs from empty lines (also inside quotes),
    line breaks kept, only the allowed tags and links left, and every link with
    rel="nofollow ugc noopener"."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    out = []
    open_blocks = []
    inline = []

    def flush():
        content = "".join(inline).strip()
        inline.clear()
        if not content:
            return
        content = re.sub(r"[ \t]*\n[ \t]*", "<br>", content)
        if open_blocks and open_blocks[-1] == "li":
            # A list item holds one run of text; a second paragraph in it is a line break.
            if out and out[-1] not in ("<li>",):
                out.append("<br>")
            out.append(content)
        else:
            out.append(f"<p>{content}</p>")

    for index, token in enumerate(BLOCK_TAG.split(text)):
        if index % 2 == 0:
            parts = PARAGRAPH_BREAK.split(token)
            for part in parts[:-1]:
                inline.append(part)
                flush()
            inline.append(parts[-1])
            continue
        flush()
        name = _tag_name(token)
        if name == "p":
            # Our own paragraphs come from the boundaries; a typed <p> is just one of them.
            continue
        if token.startswith("</"):
            if name in open_blocks:
                while open_blocks:
                    closed = open_blocks.pop()
                    out.append(f"</{closed}>")
                    if closed == name:
                        break
        else:
            open_blocks.append(name)
            out.append(f"<{name}>")
    flush()
    out.extend(f"</{name}>" for name in reversed(open_blocks))
    cleaned = sanitise_html("".join(out))
    cleaned = re.sub(r"(</p>|</li>|</?(?:ul|ol|blockquote)>)(?!\n)", r"\1\n", cleaned).strip()
    return cleaned if has_text(cleaned) else ""


def has_text(html_text):
    """Whether ``html_text`` shows any words (tags alone, like "<p></p>", do not count)."""
    return bool(html.unescape(strip_tags(html_text or "")).strip())


def editable_text(html_text):
    """Stored HTML as the member sees it in the edit box: paragraphs as text with an empty
    line between them, lists and quotes as tags. ``member_html`` turns it back unchanged."""
    parts = []
    for index, token in enumerate(BLOCK_TAG.split(html_text or "")):
        if index % 2 == 0:
            if token.strip():
                parts.append(re.sub(r"\s*<br\s*/?>\s*", "\n", token.strip()))
            continue
        name = _tag_name(token)
        closing = token.startswith("</")
        if name == "p":
            parts.append("\n\n")
        elif name == "li":
            parts.append("</li>\n" if closing else "<li>")
        else:
            parts.append(f"\n</{name}>\n\n" if closing else f"\n\n<{name}>\n")
    text = re.sub(r"\n{3,}", "\n\n", "".join(parts))
    # No empty line just inside a quote or list: it reads better and means the same.
    text = re.sub(r"(<(?:ul|ol|blockquote)>)\n+", r"\1\n", text)
    text = re.sub(r"\n+(</(?:ul|ol|blockquote)>)", r"\n\1", text)
    for entity, character in READABLE_ENTITIES.items():
        text = text.replace(entity, character)
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))
