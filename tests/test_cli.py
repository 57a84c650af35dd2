"""The CLI end to end: real files, real exit codes, messages that name the input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli import app
from tests.conftest import SAMPLES

runner = CliRunner()


def _articles(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_clean_samples(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["clean", str(SAMPLES), "-o", str(out)])
    assert res.exit_code == 0, res.output
    arts = _articles(out)
    mains = [a for a in arts if a["role"] == "main"]
    assert {Path(str(a["source_path"])).name for a in mains} >= {
        "wire-story-captured-twice.txt",
        "aggregator-page.txt",
    }
    assert sum(a["role"] == "embedded" for a in arts) == 3
    assert "pages ->" in res.output and "removed by reason" in res.output
    assert "pages.jsonl:2: field 'text' is empty" in res.output  # a skipped input, named
    assert "not ISO 8601" in res.output  # a warning, and the page is still cleaned


def test_bad_inputs_never_traceback(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.dat").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "good.txt").write_text((SAMPLES / "aggregator-page.txt").read_text())
    para = (
        "The owner of the café said on Tuesday that the “new rules” would cost him more than "
        "500 € a month, and that he would close the terrace for the winter if the council "
        "did not change its mind before the end of the year."
    )
    (tmp_path / "cp1252.txt").write_bytes(para.encode("cp1252"))
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["clean", str(tmp_path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    assert "empty.txt: input is empty" in res.output
    assert "binary.dat: looks like binary data" in res.output
    texts = " ".join(str(a["text"]) for a in _articles(out))
    assert "café" in texts and "500 €" in texts


def test_nothing_processed_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("a previous good run\n")
    res = runner.invoke(app, ["clean", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert res.exit_code == 1
    assert "missing.txt: no such file or directory" in res.output
    assert out.read_text() == "a previous good run\n"  # not replaced by an empty file
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_strict_stops_at_first_bad_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("A good page with several words in it.")
    res = runner.invoke(app, ["clean", "--strict", str(tmp_path), "-o", str(tmp_path / "o")])
    assert res.exit_code == 1


def test_huge_input_is_refused_by_name(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 300_000)  # 1.5 MB
    res = runner.invoke(
        app, ["clean", str(big), "--max-bytes", "1000000", "-o", str(tmp_path / "o.jsonl")]
    )
    assert res.exit_code == 1 and "big.txt: is 1.4 MB, over the 1.0 MB limit" in res.output


def test_output_is_not_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("newsloom.pipeline.Cleaner.clean", boom)
    runner.invoke(app, ["clean", str(SAMPLES), "-o", str(out)])
    assert out.read_text() == "previous run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temp file left


def test_stdin_to_stdout() -> None:
    text = (SAMPLES / "wire-story-captured-twice.txt").read_text()
    res = runner.invoke(app, ["clean", "-", "-o", "-", "-q"], input=text)
    assert res.exit_code == 0
    first = json.loads(res.stdout.splitlines()[0])
    assert first["source_path"] == "<stdin>" and first["role"] == "main"


def test_every_command_has_help() -> None:
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    for command in app.registered_commands:
        assert command.callback is not None and command.callback.__doc__, command.name
    assert runner.invoke(app, ["clean", "--help"]).exit_code == 0


def test_version() -> None:
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.startswith("newsloom ")


def test_page_without_article_text_is_reported(tmp_path: Path) -> None:
    menu = "\n".join(
        [
            "Home",
            "World",
            "Politics",
            "Sign in",
            "Subscribe",
            "Business",
            "Sports",
            "Weather",
            "Contact us",
            "About us",
            "Privacy Policy",
            "Terms of Use",
        ]
    )
    (tmp_path / "menu.txt").write_text(menu)
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["clean", str(tmp_path / "menu.txt"), "-o", str(out)])
    assert res.exit_code == 0
    assert "1 page(s) with no article text found" in res.output
    art = _articles(out)[0]
    assert art["text"] == ""
    assert {r["reason"] for r in art["removed"]} >= {"boilerplate:no-article-text"}
