import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from meetings.models import PHOTO_MAX_BYTES
from tests.meetings.factories import build_member

pytestmark = pytest.mark.django_db


def png(width=300, height=400, padding=0):
    """A real PNG; `padding` bytes of text make it as large as a test needs."""
    info = PngInfo()
    if padding:
        info.add_text("padding", "x" * padding)
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def with_photo(member, alt="Councillor Akhtar in a grey suit"):
    member.photo.save("akhtar.png", ContentFile(png(), name="akhtar.png"), save=False)
    member.photo_alt = alt
    member.save()
    return member


def admin_post(admin_client, member, photo, alt):
    data = {
        "name": member.name,
        "slug": member.slug,
        "title": member.title,
        "council": member.council_id,
        "party": "",
        "pen_portrait": "",
        "photo_alt": alt,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    if photo is not None:
        data["photo"] = photo
    return admin_client.post(reverse("admin:meetings_member_change", args=[member.pk]), data)


def test_an_officer_uploads_a_photo_and_sees_a_preview(admin_client):
    member = build_member()
    photo = SimpleUploadedFile("akhtar.png", png(), content_type="image/png")

    response = admin_post(admin_client, member, photo, "Councillor Akhtar in a grey suit")

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo.name.startswith("members/akhtar")
    assert member.photo_alt == "Councillor Akhtar in a grey suit"
    form = admin_client.get(reverse("admin:meetings_member_change", args=[member.pk])).text
    assert (
        '<img src="/members/j-akhtar/photo/" alt="Councillor Akhtar in a grey suit" width="160">'
        in form
    )


@pytest.mark.parametrize(
    ("name", "content", "alt", "error"),
    [
        (
            "notes.png",
            b"This is not a picture at all.",
            "A description",
            "Upload a valid image. The file you uploaded was either not an image or a corrupted "
            "image.",
        ),
        (
            "big.png",
            png(padding=PHOTO_MAX_BYTES),
            "A description",
            "The photo is larger than 2 MB.",
        ),
        ("akhtar.png", png(), " ", "Describe the photo for people who cannot see it."),
    ],
)
def test_bad_photos_are_refused_with_a_clear_message(admin_client, name, content, alt, error):
    member = build_member()
    photo = SimpleUploadedFile(name, content, content_type="image/png")

    response = admin_post(admin_client, member, photo, alt)

    assert response.status_code == 200
    assert error in response.text
    member.refresh_from_db()
    assert not member.photo


def test_a_small_enough_photo_is_accepted_at_the_limit():
    content = png(padding=PHOTO_MAX_BYTES - 2000)
    assert len(content) <= PHOTO_MAX_BYTES
    member = build_member()
    member.photo.save("akhtar.png", ContentFile(content), save=False)
    member.photo_alt = "A description"
    member.full_clean()


def test_photos_are_served_and_shown_with_alt_text_and_size(client):
    member = with_photo(build_member())
    build_member(slug="m-dyson")

    response = client.get(reverse("meetings:member-photo", args=[member.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == member.photo.open("rb").read()

    img = (
        '<img class="panel-member-photo" src="/members/j-akhtar/photo/" '
        'alt="Councillor Akhtar in a grey suit"'
    )
    detail = client.get(member.get_absolute_url()).text
    assert f'{img} width="200" height="267">' in detail
    listing = client.get(reverse("meetings:members")).text
    assert f'{img} width="60" height="80">' in listing
    # A member without a photo gets no image and no placeholder.
    assert listing.count("<img") == 1
    assert "<img" not in client.get(reverse("meetings:member-detail", args=["m-dyson"])).text


def test_no_photo_or_a_missing_file_is_not_found(client):
    build_member(slug="m-dyson")
    assert client.get(reverse("meetings:member-photo", args=["m-dyson"])).status_code == 404
    assert client.get(reverse("meetings:member-photo", args=["nobody"])).status_code == 404
    lost = with_photo(build_member())
    lost.photo.storage.delete(lost.photo.name)

    assert client.get(reverse("meetings:member-photo", args=[lost.slug])).status_code == 404
    # Pages give the size recorded at upload and never open the file, so they still show it.
    assert lost.photo_width == 300
    assert lost.photo_height == 400


def test_thumbnails_take_no_extra_queries(client, django_assert_max_num_queries):
    for number in range(5):
        with_photo(build_member(slug=f"m-{number}"))

    with django_assert_max_num_queries(3):
        text = client.get(reverse("meetings:members")).text
    assert len(re.findall(r'<img class="panel-member-photo"', text)) == 5
