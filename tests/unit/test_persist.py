"""Saving loses nothing: crashes, full disks, read-only folders, races, reruns."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
from pathlib import Path

import pandas as pd
import pytest

import osintkit as ok
from osintkit import persist

DESCRIPTOR = {
    "name": "tiny",
    "resources": [
        {
            "name": "items",
            "path": "items.csv",
            "schema": {
                "primaryKey": ["item_id"],
                "fields": [
                    {
                        "name": "item_id",
                        "type": "string",
                        "constraints": {"required": True},
                    },
                    {"name": "value", "type": "number"},
                    {"name": "note", "type": "string"},
                ],
            },
        }
    ],
}
ITEMS = b'item_id,value,note\r\n007,50.60,"a, b"\r\nx2,1,"multi\nline"\r\nx3,2,plain'


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "datapackage.json").write_text(json.dumps(DESCRIPTOR), encoding="utf-8")
    (folder / "items.csv").write_bytes(ITEMS)
    return folder


def test_save_unedited_writes_identical_bytes_elsewhere(tiny, tmp_path):
    ds = ok.load_dataset(tiny)
    ds.save(tmp_path / "copy")
    assert (tmp_path / "copy" / "items.csv").read_bytes() == ITEMS
    assert (tmp_path / "copy" / "datapackage.json").read_bytes() == (
        tiny / "datapackage.json"
    ).read_bytes()


def test_save_in_place_without_edits_writes_nothing(tiny):
    ds = ok.load_dataset(tiny)
    assert ds.save() == []


def test_save_one_cell_edit_changes_one_line(tiny):
    ds = ok.load_dataset(tiny)
    ds["items"].loc[2, "value"] = 3.25
    ds.save()
    after = (tiny / "items.csv").read_bytes()
    assert after == ITEMS.replace(b"x3,2,plain", b"x3,3.25,plain")


def test_save_keeps_unknown_columns(tiny):
    (tiny / "items.csv").write_bytes(b"item_id,value,note,extra\n1,2,3,keep me\n")
    ds = ok.load_dataset(tiny)
    assert [i.code for i in ds.report] == ["extra-label"]
    ds["items"].loc[0, "note"] = "changed"
    ds.save()
    assert (
        tiny / "items.csv"
    ).read_bytes() == b"item_id,value,note,extra\n1,2,changed,keep me\n"


def test_save_new_row(tiny):
    ds = ok.load_dataset(tiny)
    frame = ds["items"]
    new = pd.DataFrame({"item_id": ["x4"], "value": [4.0], "note": [pd.NA]}, index=[3])
    ds["items"] = pd.concat([frame, new])
    ds.save()
    assert (tiny / "items.csv").read_bytes() == ITEMS + b"\r\nx4,4,"


def test_file_changed_since_load_is_not_overwritten(tiny):
    ds = ok.load_dataset(tiny)
    (tiny / "items.csv").write_bytes(ITEMS + b"\r\nx9,9,someone else")
    ds["items"].loc[0, "note"] = "mine"
    with pytest.raises(ok.FileChangedError, match="changed on disk"):
        ds.save()
    assert (tiny / "items.csv").read_bytes().endswith(b"someone else")


def test_kill_during_save_leaves_original_intact(tiny, monkeypatch):
    ds = ok.load_dataset(tiny)
    ds["items"].loc[0, "note"] = "edited"

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the process dies between writing and renaming

    monkeypatch.setattr(persist.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        ds.save()
    assert (tiny / "items.csv").read_bytes() == ITEMS
    assert sorted(p.name for p in tiny.iterdir()) == [
        ".osintkit.lock",
        "datapackage.json",
        "items.csv",
    ]


def test_disk_full_raises_save_error_and_keeps_file(tiny, monkeypatch):
    ds = ok.load_dataset(tiny)
    ds["items"].loc[0, "note"] = "edited"

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(persist.os, "fsync", full)
    with pytest.raises(ok.SaveError, match="disk is full"):
        ds.save()
    assert (tiny / "items.csv").read_bytes() == ITEMS
    assert not [p for p in tiny.iterdir() if p.suffix == ".tmp"]


def test_read_only_folder_raises_save_error(tiny, monkeypatch):
    ds = ok.load_dataset(tiny)
    ds["items"].loc[0, "note"] = "edited"

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    # Tests run as root in CI, where chmod cannot make a folder read-only.
    monkeypatch.setattr(persist.tempfile, "mkstemp", denied)
    with pytest.raises(ok.SaveError, match="not writable"):
        ds.save()
    assert (tiny / "items.csv").read_bytes() == ITEMS


def _hold_lock(folder: str, ready, release) -> None:
    with persist.folder_lock(Path(folder)):
        ready.set()
        release.wait(10)


def test_two_writers_second_is_refused(tiny):
    context = multiprocessing.get_context("fork")
    ready, release = context.Event(), context.Event()
    holder = context.Process(target=_hold_lock, args=(str(tiny), ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        ds = ok.load_dataset(tiny)
        ds["items"].loc[0, "note"] = "edited"
        with pytest.raises(ok.SaveError, match="another process"):
            ds.save()
    finally:
        release.set()
        holder.join(10)
    assert (tiny / "items.csv").read_bytes() == ITEMS


def test_two_identical_runs_give_identical_bytes(tiny, tmp_path):
    outputs = []
    for run in range(2):
        ds = ok.load_dataset(tiny)
        ds["items"].loc[1, "value"] = 8.5
        ds.save(tmp_path / f"run{run}")
        outputs.append((tmp_path / f"run{run}" / "items.csv").read_bytes())
    assert outputs[0] == outputs[1]


def test_save_keeps_file_mode(tiny):
    (tiny / "items.csv").chmod(0o640)
    ds = ok.load_dataset(tiny)
    ds["items"].loc[0, "note"] = "edited"
    ds.save()
    assert (tiny / "items.csv").stat().st_mode & 0o777 == 0o640


def test_save_twice_in_place(tiny):
    ds = ok.load_dataset(tiny)
    ds["items"].loc[0, "note"] = "first"
    ds.save()
    ds["items"].loc[1, "value"] = 9.0
    ds.save()
    lines = (tiny / "items.csv").read_bytes().split(b"\r\n")
    assert lines[1] == b"007,50.60,first"
    assert lines[2] == b'x2,9,"multi\nline"'


def test_new_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        persist.atomic_write(tmp_path / "new.csv", b"a\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o644
