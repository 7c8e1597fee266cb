import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter

from jianzheng.core import uploads
from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import StoredFile


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (38.0, 16.0, 0.0)}  # GPSInfo latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def pdf_with_author() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "马小花 13909511234"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, data: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_a_photo_is_kept_without_its_exif_and_gps(db, data_dir):
    original = jpeg_with_gps()
    assert b"PhoneMaker" in original
    stored = uploads.store_upload(upload("现场.jpg", original), area="complaints", field="files")
    kept = (data_dir / "uploads" / stored.path).read_bytes()
    assert stored.kind == "image" and stored.content_type == "image/jpeg"
    assert b"PhoneMaker" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert image.size == (40, 30)
        assert not image.getexif()
    assert stored.original_name == "现场.jpg"
    assert stored.path.startswith("complaints/") and "现场" not in stored.path


def test_a_pdf_is_rewritten_without_its_document_information(db, data_dir):
    stored = uploads.store_upload(upload("a.pdf", pdf_with_author()), area="complaints", field="f")
    kept = (data_dir / "uploads" / stored.path).read_bytes()
    assert "马小花" not in (PdfReader(io.BytesIO(kept)).metadata or {}).get("/Author", "")
    assert b"13909511234" not in kept
    assert len(PdfReader(io.BytesIO(kept)).pages) == 1


def test_a_renamed_exe_is_refused_by_its_content_and_nothing_is_written(db, data_dir):
    exe = b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode"
    with pytest.raises(RuleViolation) as caught:
        uploads.store_upload(
            upload("photo.jpg", exe, "image/jpeg"), area="complaints", field="files"
        )
    assert "files" in caught.value.fields
    assert not (data_dir / "uploads").exists() or not any((data_dir / "uploads").rglob("*.*"))
    assert StoredFile.objects.count() == 0


def test_a_file_that_only_claims_to_be_a_pdf_is_refused(db, data_dir):
    with pytest.raises(RuleViolation, match="PDF"):
        uploads.check_upload(upload("x.pdf", b"%PDF-1.7\ngarbage"), field="files")


def test_a_file_over_the_limit_is_refused(db, data_dir):
    with pytest.raises(RuleViolation, match="超过 1 MB"):
        uploads.check_upload(
            upload("big.pdf", b"%PDF-" + b"0" * (1024 * 1024)), field="f", max_bytes=1024 * 1024
        )


@pytest.mark.parametrize("name", ["../../etc/passwd.jpg", "C:\\x.jpg", "a/b.jpg", ".htaccess"])
def test_a_name_with_a_path_in_it_is_refused(db, data_dir, name):
    with pytest.raises(RuleViolation, match="路径"):
        uploads.check_upload(_named(name), field="f")


def _named(name: str):
    """Django's upload handler cuts directories off a name; a direct caller (a command, an
    import) hands the name as it came."""
    file = io.BytesIO(jpeg_with_gps())
    file.name = name  # type: ignore[attr-defined]
    return file


def test_an_empty_file_is_refused(db, data_dir):
    with pytest.raises(RuleViolation, match="空"):
        uploads.check_upload(upload("x.png", b""), field="f")


def test_a_stored_file_is_served_as_an_attachment_that_no_browser_sniffs(db, data_dir):
    stored = uploads.store_upload(upload("a.png", _png()), area="complaints", field="f")
    response = uploads.file_response(stored)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_row_pointing_outside_the_uploads_folder_is_never_opened(db, data_dir):
    (data_dir / "secret_key").write_text("s")
    stored = StoredFile(path="../secret_key", content_type="text/plain", size=1)
    from django.http import Http404

    with pytest.raises(Http404):
        uploads.open_stored(stored)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(out, format="PNG")
    return out.getvalue()


def test_a_file_left_by_a_rolled_back_report_is_swept_once_it_is_an_hour_old(db, data_dir):
    import datetime as dt
    import os
    import time

    from django.db import transaction

    from jianzheng.core import outbox

    kept = uploads.store_upload(upload("留存.jpg", jpeg_with_gps()), area="complaints", field="f")

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        lost = uploads.store_upload(
            upload("撤回.jpg", jpeg_with_gps()), area="complaints", field="f"
        )
        raise Undo
    orphan = data_dir / "uploads" / lost.path
    assert orphan.is_file() and not StoredFile.objects.filter(path=lost.path).exists()

    assert uploads.sweep_orphans() == 0  # too young: its transaction might still be running
    hour_ago = time.time() - 3601
    os.utime(orphan, (hour_ago, hour_ago))
    os.utime(data_dir / "uploads" / kept.path, (hour_ago, hour_ago))
    assert uploads.sweep_orphans() == 1
    assert not orphan.exists() and (data_dir / "uploads" / kept.path).is_file()
    assert uploads.sweep_orphans(older_than=dt.timedelta(0)) == 0
    assert "uploads.sweep" in outbox._PERIODIC  # the task runner does it every six hours
