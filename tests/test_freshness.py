"""A build whose inputs have not changed is skipped; any change to an input rebuilds."""

from __future__ import annotations

from click.testing import CliRunner

from alliance_kg.cli import main
from alliance_kg.freshness import MARKER, inputs_digest, marker_content, up_to_date_report

SUMMARY = "published dist\n  triples: 3\n"


def record(project, out) -> None:
    out.mkdir()
    (out / MARKER).write_text(marker_content(inputs_digest(project), SUMMARY))


def test_a_release_of_the_same_inputs_is_up_to_date(project_copy, tmp_path):
    out = tmp_path / "dist"
    record(project_copy, out)
    report = up_to_date_report(project_copy, out)
    assert report is not None
    assert report.startswith(f"up to date {out}: built from these same inputs")
    assert report.endswith("  triples: 3\n")


def test_any_changed_input_makes_it_stale(project_copy, tmp_path):
    out = tmp_path / "dist"
    record(project_copy, out)
    changes = [
        project_copy.data_dir / "entities" / "places.ttl",
        project_copy.queries_dir / "timeline.rq",
        project_copy.shapes_file,
    ]
    for path in changes:
        original = path.read_bytes()
        path.write_bytes(original + b"\n# an edit\n")
        assert up_to_date_report(project_copy, out) is None, f"{path.name} changed unnoticed"
        path.write_bytes(original)
        assert up_to_date_report(project_copy, out) is not None


def test_a_new_file_or_a_renamed_file_makes_it_stale(project_copy, tmp_path):
    out = tmp_path / "dist"
    record(project_copy, out)
    places = project_copy.data_dir / "entities" / "places.ttl"
    renamed = places.with_name("places-renamed.ttl")
    places.rename(renamed)
    assert up_to_date_report(project_copy, out) is None
    renamed.rename(places)
    (project_copy.data_dir / "entities" / "more.ttl").write_text("")
    assert up_to_date_report(project_copy, out) is None


def test_no_marker_or_a_marker_without_a_digest_is_never_up_to_date(project_copy, tmp_path):
    assert up_to_date_report(project_copy, tmp_path / "missing") is None
    out = tmp_path / "old"
    out.mkdir()
    (out / MARKER).write_text("This folder was written by alliance-kg build.\n")
    assert up_to_date_report(project_copy, out) is None


def test_the_cli_skips_an_unchanged_build_and_force_rebuilds(project_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(project_copy.root)
    out = tmp_path / "dist"
    first = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert first.exit_code == 0, first.output
    assert first.output.startswith(f"published {out}")
    # A file the build did not write: a rebuild replaces the folder, and with it this file.
    sentinel = out / "left-by-the-test"
    sentinel.write_text("")

    again = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert again.output.startswith(f"up to date {out}")
    # The rest of the report is the first build's, and nothing was written again.
    assert again.output.partition("\n")[2] == first.output.partition("\n")[2]
    assert sentinel.exists()

    forced = CliRunner().invoke(main, ["build", "--out", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert forced.output.startswith(f"published {out}")
    assert not sentinel.exists()
