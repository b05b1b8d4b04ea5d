"""The string catalogues: JSON files, one key once, a bad file named in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import strings


def test_a_key_written_twice_is_an_error_naming_the_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "xx.json").write_text('{"a": "one", "b": "two", "a": "three"}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx\.json: key\(s\) written twice: a$"):
        strings._catalogue("xx", tmp_path)


def test_a_broken_catalogue_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "xx.json").write_text('{"a": "one",', encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx\.json: Expecting"):
        strings._catalogue("xx", tmp_path)
    assert strings._catalogue("missing", tmp_path) == {}


def test_english_is_loaded_and_other_languages_fall_back_to_it() -> None:
    assert strings.t("app.title") == strings.EN["app.title"] != ""
    assert strings.t("app.title", lang="xx") == strings.t("app.title")  # a language without a catalogue
    assert strings.t("app.title", lang="es") != strings.t("app.title")
    assert strings.t("no.such.key", default="fallback") == "fallback"
    with pytest.raises(KeyError):
        strings.t("no.such.key")
