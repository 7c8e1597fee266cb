"""Headers and caching (issue 16, item 3): a Content Security Policy with no inline script or
style, HSTS on https, nothing private left in a cache, an HttpOnly CSRF cookie, a private SQLite
file."""

import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "jianzheng").glob("**/templates/**/*.html"))
INLINE = [
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
        "inline script",
    ),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_there_are_templates_to_read():
    assert len(TEMPLATES) > 30


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    found = [what for pattern, what in INLINE if pattern.search(text)]
    assert not found, f"{template.relative_to(ROOT)}: {', '.join(found)} (the CSP refuses them)"


def test_every_html_page_gets_the_policy(client, catalogue):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
    assert "Content-Security-Policy" in client.get("/no-such-page")


def test_hsts_only_when_the_public_address_is_https(client, catalogue, settings):
    assert "Strict-Transport-Security" not in client.get("/")
    settings.PUBLIC_URL = "https://zheng.example.gov.cn"
    assert client.get("/")["Strict-Transport-Security"].startswith("max-age=")


def test_public_pages_may_be_cached_but_staff_pages_and_pdfs_never(client, catalogue, yanghe_clerk):
    assert "no-store" not in client.get("/list").get("Cache-Control", "")
    assert client.get("/items/YN-B03/sample.pdf")["Cache-Control"] == "no-store"
    client.force_login(yanghe_clerk)
    assert client.get("/staff/")["Cache-Control"] == "no-store"
    assert client.get("/list")["Cache-Control"] == "no-store"  # the signed-in header shows a name


def test_the_csrf_cookie_is_http_only(client, catalogue):
    client.get("/staff/login/")
    assert client.cookies["csrftoken"]["httponly"] is True


@pytest.mark.in_pass("sqlite")
def test_the_sqlite_file_is_created_readable_by_its_owner_only(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    code = (
        "import django; django.setup();"
        "from django.db import connection; connection.cursor().execute('select 1')"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "jianzheng.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "JIANZHENG_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_the_large_text_switch_goes_back_only_to_this_site(client, catalogue):
    on = client.get("/display", {"large": "1", "next": "/list?county=640121"})
    assert on.status_code == 302 and on["Location"] == "/list?county=640121"
    assert on.cookies["jianzheng_large"].value == "1"
    assert 'class="large-text"' in client.get("/list").content.decode()
    away = client.get("/display", {"large": "0", "next": "https://evil.example/"})
    assert away["Location"] == "/"
    assert 'class="large-text"' not in client.get("/list").content.decode()
