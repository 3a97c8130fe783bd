"""A guard against personal data in what members post: phone numbers, e-mail addresses,
postcodes with a house number and citizen service numbers (BSN).

Members write about their work with young people; a name with a phone number or an address
in a public reply can identify a child. The guard only warns: the author decides, because a
municipality's general phone number or a youth centre's address can be fine to share. It
errs on the side of asking, and keeps false alarms low by looking for Dutch formats only.

    findings = find_personal_data(text_or_html)
    if findings: ... show [finding.label for finding in findings] and ask to confirm
"""

import html
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "phone": _("a phone number"),
    "email": _("an e-mail address"),
    "address": _("a postcode with a house number"),
    "bsn": _("a citizen service number (BSN)"),
}

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# Separators people put between the digits of a phone number: a space, a dot, a hyphen, or
# the ") " after an area code in parentheses.
_SEP = r"(?:[ .\-]|\)\s?)?"
PHONE = re.compile(
    # +31 6 12345678, 0031 (0)20 123 4567: the country code, then nine digits.
    rf"(?<![\w+])(?:\+31|0031)[ .\-]?(?:\(0\)[ .\-]?)?[1-9](?:{_SEP}\d){{8}}(?!\d)"
    # 06-12345678, 020 123 4567, (010) 1234567: a zero, then nine digits.
    rf"|(?<![\w(])\(?0[1-9](?:{_SEP}\d){{8}}(?!\d)"
)
# 31-08-2022 12:00 has ten digits in a row too, but it is a date.
DATE = re.compile(r"\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")

# Dutch postcodes: four digits not starting with 0, then two capitals (or two small letters
# written without a space, as in "1234ab"; "2022 en" is words, not a postcode).
_POSTCODE = r"[1-9]\d{3}(?:\s?[A-Z]{2}|[a-z]{2})(?![A-Za-z])"
_HOUSE_NUMBER = r"\d{1,5}(?:\s?[A-Za-z](?![A-Za-z]))?(?:\s?[-/]\s?\d{1,4})?"
ADDRESS = re.compile(
    # Kerkstraat 12, 1234 AB
    rf"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.'\-]*\s+{_HOUSE_NUMBER}\s*,?\s+{_POSTCODE}"
    # 1234 AB 12, postcode 1234AB huisnummer 7
    rf"|{_POSTCODE}\s*,?\s*(?:(?:huisnummer|huisnr\.?|nummer|nr\.?)\s*)?\d{{1,5}}(?!\d)",
)
# Nine digits, together or grouped 3-3-3 or 4-2-3 as on a passport or a letter.
BSN_CANDIDATE = re.compile(
    r"(?<![\d.,])(?:\d{9}|\d{3}[ .\-]\d{3}[ .\-]\d{3}|\d{4}[ .\-]\d{2}[ .\-]\d{3})(?![\d])"
)
HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Finding:
    """One piece of text that looks like personal data, and what kind it seems to be."""

    kind: str
    text: str

    @property
    def label(self):
        return KIND_LABELS[self.kind]


def passes_eleven_test(digits):
    """The BSN "elfproef": 9×d1 + 8×d2 + … + 2×d8 − d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:8], range(9, 1, -1), strict=True)
    )
    return (total - int(digits[8])) % 11 == 0


def visible_text(text):
    """What a reader sees of ``text`` (HTML or plain), plus the targets of its links, where
    an address can hide behind "mail me" (``mailto:``) or "call" (``tel:``)."""
    text = text or ""
    targets = [" ".join(filter(None, match)) for match in HREF.findall(text)]
    return " ".join([html.unescape(TAG.sub(" ", text)), *targets])


def find_personal_data(*texts):
    """The pieces of ``texts`` (HTML or plain text) that look like personal data, in order.

    Each piece is reported once; a number matched as a phone number is not also reported as
    a BSN.
    """
    findings = []
    seen = set()

    def add(kind, text):
        text = " ".join(text.split())
        if (kind, text) not in seen:
            seen.add((kind, text))
            findings.append(Finding(kind, text))

    for raw in texts:
        text = visible_text(raw)
        taken = []

        def free(match, taken=taken):
            return all(match.end() <= start or match.start() >= end for start, end in taken)

        for match in EMAIL.finditer(text):
            taken.append(match.span())
            add("email", match.group())
        for match in PHONE.finditer(text):
            if free(match) and not DATE.search(match.group()):
                taken.append(match.span())
                add("phone", match.group())
        for match in ADDRESS.finditer(text):
            if free(match):
                taken.append(match.span())
                add("address", match.group())
        for match in BSN_CANDIDATE.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if free(match) and passes_eleven_test(digits):
                taken.append(match.span())
                add("bsn", match.group())
    return findings
