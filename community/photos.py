"""Profile photos: validation of uploads, re-encoding without metadata, initials avatars."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from .conf import get_setting

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
AVATAR_COLOURS = ["#1d4f91", "#7a2e8e", "#0f6b4f", "#a23b16", "#3d4a5c", "#8a1c3a"]


def initials(name):
    """Up to two capital initials of a display name, e.g. "FB" for Farid Bouchlaghmi."""
    parts = [part for part in name.split() if part[:1].isalpha()]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][0].upper()
    return (parts[0][0] + parts[-1][0]).upper()


def avatar_colour(name):
    """A stable background colour per name, dark enough for white text (WCAG AA)."""
    return AVATAR_COLOURS[sum(map(ord, name)) % len(AVATAR_COLOURS)]


def validate_photo(upload):
    """Reject files that are not JPEG, PNG or WebP images, or that are too large."""
    if getattr(upload, "_committed", False):
        # A photo already in storage passed this check when it was uploaded; re-reading it on
        # every save would be slow, and a file missing from storage would become a crash.
        return
    max_bytes = get_setting("COMMUNITY_PHOTO_MAX_BYTES")
    if upload.size > max_bytes:
        # filesizeformat, so a limit under 1 MB does not read as "at most 0 MB".
        raise ValidationError(
            _("The photo is too large: at most %(size)s.") % {"size": filesizeformat(max_bytes)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Upload a photo in JPEG, PNG or WebP format.")) from error
    finally:
        upload.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(_("Upload a photo in JPEG, PNG or WebP format."))
    # A small file can still unpack to a huge bitmap; decoding it would exhaust memory.
    max_pixels = get_setting("COMMUNITY_PHOTO_MAX_PIXELS")
    if width * height > max_pixels:
        raise ValidationError(
            _("The photo has too many pixels: at most %(megapixels)s megapixels.")
            % {"megapixels": number_format(round(max_pixels / 1_000_000, 2))}
        )


def normalised_photo(upload, name="photo"):
    """Re-encode an upload as a square-bounded JPEG: resized and stripped of EXIF/GPS data."""
    max_size = get_setting("COMMUNITY_PHOTO_MAX_SIZE")
    upload.seek(0)
    with Image.open(upload) as image:
        # Phones store portrait photos sideways plus an EXIF rotation flag; the flag goes with
        # the metadata below, so the rotation is applied to the pixels first.
        image = ImageOps.exif_transpose(image).convert("RGB")
        image.thumbnail((max_size, max_size))
        buffer = io.BytesIO()
        # A fresh save without exif= drops all metadata, including GPS positions.
        image.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{name}.jpg")


def initials_photo(display_name, size=256):
    """A generated PNG with the member's initials, for demo content and fallbacks."""
    image = Image.new("RGB", (size, size), avatar_colour(display_name))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size // 2.5)
    draw.text((size / 2, size / 2), initials(display_name), fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="avatar.png")
