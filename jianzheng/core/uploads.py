"""Files from the public (DESIGN.md "What the areas share"): evidence of a complaint, later the
photos of a plaque or a rating. One door, `store_upload`, for every area:

- checked by content, never by name or the browser's Content-Type: an image must open in Pillow
  (JPEG, PNG, GIF, WebP), a PDF must start with `%PDF-` and parse; anything else (a renamed .exe)
  is refused naming the field;
- size-limited (`max_bytes`, read at most one byte past it) and pixel-limited (decompression
  bombs);
- metadata stripped: an image is re-encoded from its pixels (EXIF, GPS, comments gone; JPEG stays
  JPEG, the rest become PNG); a PDF is rewritten page by page without its document information
  and without scripts or attachments;
- stored as `DATA_DIR/uploads/<area>/<yyyy>/<random>.<ext>`: the name is ours, never the
  sender's (a name with a path in it is refused outright), and the resolved path is checked to
  lie inside the uploads folder;
- served only by an area's view that has checked permission first (`file_response`), as an
  attachment, with `X-Content-Type-Options: nosniff`.

The row (`core.models.StoredFile`) is written in the caller's transaction; the file is written
before it and removed again if the row is not. A file whose transaction later rolls back stays on
disk unreferenced, is never served, and is removed by `sweep_orphans` (the task runner, every six
hours) once it is an hour old, old enough that no transaction still in flight can claim it."""

import datetime as dt
import hashlib
import io
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils import timezone

from jianzheng.core.errors import RuleViolation
from jianzheng.core.models import StoredFile

log = logging.getLogger("jianzheng.uploads")

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
SOURCE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "MPO"}
NAME_LIMIT = 120


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content_type: str
    extension: str
    data: bytes
    original_name: str


def uploads_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def _refuse(field: str, message: str) -> RuleViolation:
    return RuleViolation("invalid_file", message, field=field)


def clean_file_name(name: str | None, *, field: str) -> str:
    """The sender's name is kept for staff to read, never used as a path: one with a directory,
    a drive, a NUL or a leading dot is refused."""
    name = (name or "").strip()
    if not name:
        return ""
    if any(sep in name for sep in ("/", "\\", "\x00", ":")) or name.startswith(".") or ".." in name:
        raise _refuse(field, f"文件名“{name[:40]}”含有路径或非法字符，请改名后重新上传")
    if any(ord(ch) < 32 for ch in name):
        raise _refuse(field, "文件名含有控制字符，请改名后重新上传")
    return name[:NAME_LIMIT]


def _read(upload, max_bytes: int, field: str) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if not data:
        raise _refuse(field, "文件是空的")
    if len(data) > max_bytes:
        raise _refuse(field, f"文件超过 {max_bytes // (1024 * 1024)} MB，请压缩后重新上传")
    return data


def _image(data: bytes, field: str) -> tuple[str, str, bytes] | None:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in SOURCE_FORMATS:
                return None
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            source = image.format
            image.load()
            if image.width * image.height > MAX_PIXELS:
                raise _refuse(field, "图片像素过大，请缩小后重新上传")
            target = "JPEG" if source in ("JPEG", "MPO") else "PNG"
            mode = "RGB" if target == "JPEG" else ("RGBA" if "A" in image.getbands() else "RGB")
            pixels = image.convert(mode)
            clean = Image.new(mode, pixels.size)  # a new image: no info dict, no EXIF, no ICC
            clean.paste(pixels)
            out = io.BytesIO()
            clean.save(out, format=target, **({"quality": 90} if target == "JPEG" else {}))
    except (UnidentifiedImageError, Image.DecompressionBombError):
        return None
    except (OSError, SyntaxError, ValueError):
        raise _refuse(field, "图片已损坏，无法读取") from None
    extension, content_type = IMAGE_FORMATS[target]
    return extension, content_type, out.getvalue()


def _pdf(data: bytes, field: str) -> bytes | None:
    if data.lstrip()[:5] != b"%PDF-":
        return None
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _refuse(field, "PDF 文件已加密，请上传未加密的文件")
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.remove_links()
        out = io.BytesIO()
        writer.write(out)
    except RuleViolation:
        raise
    except Exception:  # pypdf raises many kinds for a broken file
        raise _refuse(field, "PDF 文件已损坏，无法读取") from None
    return out.getvalue()


def check_upload(
    upload, *, field: str, max_bytes: int = MAX_BYTES, kinds: tuple[str, ...] = ("image", "pdf")
) -> CheckedFile:
    """The cleaned content of one uploaded file, or RuleViolation naming `field`."""
    name = clean_file_name(getattr(upload, "name", ""), field=field)
    data = _read(upload, max_bytes, field)
    if "image" in kinds:
        image = _image(data, field)
        if image is not None:
            extension, content_type, clean = image
            return CheckedFile("image", content_type, extension, clean, name)
    if "pdf" in kinds:
        pdf = _pdf(data, field)
        if pdf is not None:
            return CheckedFile("pdf", "application/pdf", "pdf", pdf, name)
    allowed = "、".join({"image": "图片（JPG、PNG）", "pdf": "PDF"}[k] for k in kinds)
    raise _refuse(field, f"只能上传{allowed}，这个文件不是（按内容判断，与扩展名无关）")


def _target(area: str, extension: str) -> tuple[str, Path]:
    if not area.isidentifier():
        raise ValueError(f"area must be a plain name: {area!r}")
    relative = f"{area}/{timezone.now():%Y}/{secrets.token_hex(16)}.{extension}"
    root = uploads_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError("upload path escapes the uploads folder")
    return relative, path


def store_upload(upload, *, area: str, field: str, max_bytes: int = MAX_BYTES) -> StoredFile:
    """Check, clean and keep one file; the row is written in the caller's transaction."""
    checked = check_upload(upload, field=field, max_bytes=max_bytes)
    return store_checked(checked, area=area)


def store_checked(checked: CheckedFile, *, area: str) -> StoredFile:
    relative, path = _target(area, checked.extension)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path, "xb") as out:  # never overwrites
        out.write(checked.data)
    path.chmod(0o600)
    try:
        return StoredFile.objects.create(
            area=area,
            path=relative,
            kind=checked.kind,
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=hashlib.sha256(checked.data).hexdigest(),
            original_name=checked.original_name,
            created_at=timezone.now(),
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise


def open_stored(stored: StoredFile):
    root = uploads_root().resolve()
    path = (root / stored.path).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("文件不存在")
    return open(path, "rb")


def file_response(stored: StoredFile, *, download_name: str | None = None) -> FileResponse:
    """The file, for a view that has already checked the viewer may see it."""
    name = download_name or f"file-{stored.pk}.{stored.path.rsplit('.', 1)[-1]}"
    response = FileResponse(
        open_stored(stored), as_attachment=True, filename=name, content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


ORPHAN_AGE = dt.timedelta(hours=1)


def sweep_orphans(*, older_than: dt.timedelta = ORPHAN_AGE) -> int:
    """Remove files under uploads/ that no StoredFile row names and that are older than
    `older_than`; returns how many. Only regular files inside the uploads folder are touched."""
    root = uploads_root().resolve()
    if not root.is_dir():
        return 0
    known = set(StoredFile.objects.values_list("path", flat=True))
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in root.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        if path.relative_to(root).as_posix() in known or path.stat().st_mtime > cutoff:
            continue
        path.unlink(missing_ok=True)
        removed += 1
    if removed:
        log.info("removed %s unreferenced uploaded files", removed)
    return removed
