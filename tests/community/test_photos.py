"""Profile photos: what uploads are accepted, what is stored, and how avatars render."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation

import pytest
from PIL import Image

from community.forms import ProfilePhotoForm
from community.models import Profile
from community.photos import AVATAR_COLOURS, avatar_colour, initials, initials_photo
from tests.community.factories import ProfileFactory

EXIF_MAKE = 0x010F
EXIF_ORIENTATION = 0x0112
EXIF_GPS_INFO = 0x8825


def image_bytes(fmt, size=(60, 40), colour="teal", mode="RGB", exif=None):
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, colour).save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def photo_form(profile, file):
    return ProfilePhotoForm(data={}, files={"photo": file}, instance=profile)


def camera_exif(orientation=None):
    exif = Image.Exif()
    exif[EXIF_MAKE] = "Telefooncamera"
    # A GPS block pointing at Utrecht: exactly what must not end up on the public site.
    exif[EXIF_GPS_INFO] = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 7.0, 0.0)}
    if orientation:
        exif[EXIF_ORIENTATION] = orientation
    return exif


@pytest.fixture
def profile(db):
    return ProfileFactory(display_name="Farid Bouchlaghmi")


class TestUploadValidation:
    def test_text_file_named_jpg_is_rejected(self, profile):
        form = photo_form(profile, upload("foto.jpg", b"Dit is geen foto, maar tekst.\n"))

        assert not form.is_valid()
        assert "photo" in form.errors
        profile.refresh_from_db()
        assert not profile.photo

    def test_gif_is_rejected_with_the_accepted_formats(self, profile):
        form = photo_form(profile, upload("foto.gif", image_bytes("GIF"), "image/gif"))

        with translation.override("en"):
            assert not form.is_valid()
            assert form.errors["photo"] == ["Upload a photo in JPEG, PNG or WebP format."]

    def test_truncated_jpeg_is_rejected(self, profile):
        content = image_bytes("JPEG", size=(200, 200))[:300]

        form = photo_form(profile, upload("kapot.jpg", content))

        assert not form.is_valid()
        assert "photo" in form.errors

    @pytest.mark.parametrize(
        ("fmt", "content_type"),
        [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")],
    )
    def test_jpeg_png_and_webp_are_accepted(self, profile, fmt, content_type):
        form = photo_form(profile, upload(f"foto.{fmt.lower()}", image_bytes(fmt), content_type))

        assert form.is_valid(), form.errors

    def test_file_over_the_size_limit_is_rejected(self, profile, settings):
        content = image_bytes("PNG", size=(300, 300))
        settings.COMMUNITY_PHOTO_MAX_BYTES = len(content) - 1

        form = photo_form(profile, upload("groot.png", content, "image/png"))

        with translation.override("en"):
            assert not form.is_valid()
            (message,) = form.errors["photo"]
        assert message.startswith("The photo is too large: at most ")
        assert " 0 MB" not in message

    def test_file_at_the_size_limit_is_accepted(self, profile, settings):
        content = image_bytes("PNG", size=(300, 300))
        settings.COMMUNITY_PHOTO_MAX_BYTES = len(content)

        assert photo_form(profile, upload("precies.png", content, "image/png")).is_valid()

    def test_image_with_too_many_pixels_is_rejected_before_decoding(self, profile, settings):
        settings.COMMUNITY_PHOTO_MAX_PIXELS = 100 * 100
        content = image_bytes("PNG", size=(101, 100), mode="L", colour=0)

        form = photo_form(profile, upload("breed.png", content, "image/png"))

        with translation.override("en"):
            assert not form.is_valid()
            assert form.errors["photo"] == [
                "The photo has too many pixels: at most 0.01 megapixels."
            ]

    def test_saving_the_form_without_a_new_file_keeps_the_stored_photo(self, profile):
        form = photo_form(profile, upload("foto.png", image_bytes("PNG"), "image/png"))
        assert form.is_valid()
        stored = form.save().photo.name

        again = ProfilePhotoForm(data={}, files={}, instance=profile)

        assert again.is_valid(), again.errors
        assert again.save().photo.name == stored

    def test_stored_photo_missing_from_storage_is_no_crash(self, profile):
        # E.g. a database restored without its media files: editing the profile must still work.
        form = photo_form(profile, upload("foto.png", image_bytes("PNG"), "image/png"))
        assert form.is_valid()
        saved = form.save()
        saved.photo.storage.delete(saved.photo.name)

        again = ProfilePhotoForm(data={}, files={}, instance=Profile.objects.get(pk=profile.pk))

        assert again.is_valid(), again.errors


class TestStoredPhoto:
    def test_large_photo_is_resized_to_at_most_400_pixels(self, profile):
        form = photo_form(profile, upload("groot.jpg", image_bytes("JPEG", size=(1200, 900))))
        assert form.is_valid(), form.errors

        saved = form.save()

        with Image.open(saved.photo.path) as stored:
            assert stored.size == (400, 300)
            assert stored.format == "JPEG"

    def test_resize_limit_follows_the_setting(self, profile, settings):
        settings.COMMUNITY_PHOTO_MAX_SIZE = 100
        form = photo_form(profile, upload("staand.jpg", image_bytes("JPEG", size=(300, 600))))
        assert form.is_valid(), form.errors

        with Image.open(form.save().photo.path) as stored:
            assert stored.size == (50, 100)

    def test_exif_and_gps_data_are_stripped(self, profile):
        content = image_bytes("JPEG", size=(800, 600), exif=camera_exif())
        with Image.open(io.BytesIO(content)) as original:
            assert original.getexif()[EXIF_MAKE] == "Telefooncamera"  # the fixture has EXIF
        form = photo_form(profile, upload("vakantie.jpg", content))
        assert form.is_valid(), form.errors

        with Image.open(form.save().photo.path) as stored:
            assert not stored.getexif()
            assert "exif" not in stored.info

    def test_rotation_flag_is_applied_before_it_is_stripped(self, profile):
        # Stored 600×300 with "rotate 90°": the person sees a 300×600 portrait.
        content = image_bytes("JPEG", size=(600, 300), exif=camera_exif(orientation=6))
        form = photo_form(profile, upload("staand.jpg", content))
        assert form.is_valid(), form.errors

        with Image.open(form.save().photo.path) as stored:
            assert stored.size == (200, 400)

    def test_transparent_png_is_stored_as_jpeg(self, profile):
        content = image_bytes("PNG", size=(500, 500), mode="RGBA", colour=(0, 0, 0, 0))
        form = photo_form(profile, upload("logo.png", content, "image/png"))
        assert form.is_valid(), form.errors

        saved = form.save()

        assert saved.photo.name.endswith(".jpg")
        with Image.open(saved.photo.path) as stored:
            assert (stored.format, stored.mode, stored.size) == ("JPEG", "RGB", (400, 400))


class TestInitials:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Farid Bouchlaghmi", "FB"),
            ("Hannes van de Ven", "HV"),
            ("hidde boonstra", "HB"),
            ("Mike", "M"),
            ("Émile Zola", "ÉZ"),
            ("  ", "?"),
            ("", "?"),
            ("123 456", "?"),
        ],
    )
    def test_initials(self, name, expected):
        assert initials(name) == expected

    def test_avatar_colour_is_stable_and_from_the_palette(self):
        assert avatar_colour("Farid Bouchlaghmi") == avatar_colour("Farid Bouchlaghmi")
        assert avatar_colour("Farid Bouchlaghmi") in AVATAR_COLOURS

    def test_initials_photo_is_a_png_in_the_avatar_colour(self):
        content = initials_photo("Mike Loef", size=120)

        with Image.open(content) as image:
            assert (image.format, image.size) == ("PNG", (120, 120))
            corner = image.convert("RGB").getpixel((0, 0))
        assert "#{:02x}{:02x}{:02x}".format(*corner) == avatar_colour("Mike Loef")


class TestAvatar:
    def render(self, profile):
        with translation.override("en"):
            return render_to_string(
                "community/includes/avatar.html", {"profile": profile, "size": 48}
            )

    def test_photo_has_alt_text_with_the_name(self, profile):
        profile.photo.save("foto.png", initials_photo(profile.display_name), save=True)

        html = self.render(profile)

        assert "<img" in html
        assert 'alt="Profile photo of Farid Bouchlaghmi"' in html
        assert f'src="{profile.photo.url}"' in html
        assert 'width="48"' in html

    def test_without_photo_the_initials_have_a_label(self, profile):
        html = self.render(profile)

        assert "<img" not in html
        assert 'role="img"' in html
        assert 'aria-label="Profile photo of Farid Bouchlaghmi"' in html
        assert ">FB</span>" in html
        assert profile.avatar_colour in html

    def test_name_is_escaped(self, db):
        profile = ProfileFactory(display_name='Jan "<b>" Jansen')

        html = self.render(profile)

        assert "<b>" not in html
        assert "&lt;b&gt;" in html

    def test_former_member(self):
        html = self.render(None)

        assert 'aria-label="Former member"' in html
        assert ">?</span>" in html
