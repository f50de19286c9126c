"""Avatars: checked with Pillow, cropped square, resized to the sizes shown, re-encoded (which
drops every metadata block: location, camera, comments) and stored under the media root."""

import secrets
from io import BytesIO
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# A phone's photo as it comes (a few MB), under the request cap (MAX_REQUEST_BYTES, 12 MB).
MAX_BYTES = 10 * 1024 * 1024
# Pixels, read from the header before decoding (against bombs). JPEG photos (a 48-megapixel
# phone's) are decoded at a reduced scale (JPEG's draft mode: 1/2 to 1/8, by the decoder
# itself), so their cost stays that of a small image; other formats are decoded whole.
MAX_PIXELS = 16_000_000
MAX_JPEG_PIXELS = 64_000_000
SIZES = {"avatar": 256, "avatar_small": 96}  # the profile page; comments and lists
# What Pillow finds in the file, and the names such a file may carry.
FORMATS = {
    "JPEG": ({".jpg", ".jpeg"}, {"image/jpeg", "image/pjpeg"}),
    "PNG": ({".png"}, {"image/png"}),
    "WEBP": ({".webp"}, {"image/webp"}),
}


def process_avatar(upload) -> dict[str, ContentFile]:
    """Check an uploaded avatar and return its resized versions, keyed by the member's field."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The image is too large: 10 MB at most."), code="too_large")
    try:
        with Image.open(upload) as probe:
            kind, (width, height) = probe.format, probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image that can be read."), code="not_image"
        ) from None
    if kind not in FORMATS:
        raise ValidationError(_("Send a JPEG, PNG or WebP image."), code="format")
    suffixes, content_types = FORMATS[kind]
    content_type = getattr(upload, "content_type", None)
    if Path(upload.name).suffix.lower() not in suffixes or (
        content_type and content_type not in content_types
    ):
        raise ValidationError(
            _("This file claims to be one kind of image but is another (%(kind)s).")
            % {"kind": kind},
            code="mismatch",
        )
    most = MAX_JPEG_PIXELS if kind == "JPEG" else MAX_PIXELS
    if width * height > most:
        raise ValidationError(
            _("The image has too many pixels: %(megapixels)s megapixels at most.")
            % {"megapixels": most // 1_000_000},
            code="pixels",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as source:
            if kind == "JPEG":  # decode at the smallest scale still larger than what we keep
                source.draft("RGB", (SIZES["avatar"] * 2, SIZES["avatar"] * 2))
            source.load()
            image = ImageOps.exif_transpose(source)
    except (OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image that can be read."), code="not_image"
        ) from None
    image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    side = min(image.size)
    image = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
    stem = secrets.token_hex(6)
    files = {}
    for field, size in SIZES.items():
        buffer = BytesIO()
        image.resize((size, size), Image.Resampling.LANCZOS).save(buffer, "WEBP", quality=85)
        files[field] = ContentFile(buffer.getvalue(), name=f"{stem}-{size}.webp")
    return files
