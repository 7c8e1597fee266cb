"""The settings module refuses a bad value at start-up, naming the variable."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

import jianzheng.settings

SETTINGS_FILE = Path(jianzheng.settings.__file__)


def load_settings(monkeypatch, tmp_path, **env) -> dict:
    """Run the settings module afresh, as a server start would, with these variables."""
    monkeypatch.setenv("JIANZHENG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JIANZHENG_SECRET_KEY", "test")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_without_a_font_setting_the_known_system_fonts_are_tried(monkeypatch, tmp_path):
    monkeypatch.delenv("JIANZHENG_FONT", raising=False)
    assert load_settings(monkeypatch, tmp_path)["PDF_FONT"] is None


def test_a_font_path_with_a_face_number_is_read(monkeypatch, tmp_path):
    font = tmp_path / "font.ttc"
    font.write_bytes(b"")
    values = load_settings(monkeypatch, tmp_path, JIANZHENG_FONT=f"{font}#2")
    assert values["PDF_FONT"] == (str(font), 2)


def test_a_font_file_that_does_not_exist_stops_the_start_naming_the_variable(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="JIANZHENG_FONT=.*不存在"):
        load_settings(monkeypatch, tmp_path, JIANZHENG_FONT=str(tmp_path / "missing.ttc"))


def test_a_face_number_that_is_not_a_number_stops_the_start(monkeypatch, tmp_path):
    font = tmp_path / "font.ttc"
    font.write_bytes(b"")
    with pytest.raises(ImproperlyConfigured, match="JIANZHENG_FONT=.*数字"):
        load_settings(monkeypatch, tmp_path, JIANZHENG_FONT=f"{font}#first")
