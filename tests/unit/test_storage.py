"""Where files are found, and how they are downloaded and imported safely."""

from __future__ import annotations

import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Iterator

import pytest

from course_utils import dataset_info, load_medmnist, storage
from course_utils.errors import CorruptFileError, DataDirNotWritableError, DatasetUnavailableError

from fakedata import Register


def test_search_order(isolated_dirs: dict[str, Path], tmp_path: Path) -> None:
    explicit = tmp_path / "explicit"
    assert storage.search_dirs(explicit) == [explicit, isolated_dirs["env"], isolated_dirs["repo"], isolated_dirs["home"]]
    assert storage.target_dir() == isolated_dirs["env"]


def test_first_folder_with_the_file_wins(isolated_dirs: dict[str, Path], register: Register) -> None:
    source = register("toymnist")
    info = dataset_info("toymnist")
    for key in ("home", "repo"):
        isolated_dirs[key].mkdir(parents=True, exist_ok=True)
        shutil.copy(source, isolated_dirs[key] / "toymnist.npz")
    assert storage.find(info) == isolated_dirs["repo"] / "toymnist.npz"
    (isolated_dirs["repo"] / "toymnist.npz").unlink()
    assert storage.find(info) == isolated_dirs["home"] / "toymnist.npz", "files fetched by medmnist are reused"


def test_missing_file_offline_gives_one_clear_error(isolated_dirs: dict[str, Path], register: Register, no_network: None) -> None:
    register("toymnist")
    with pytest.raises(DatasetUnavailableError) as err:
        load_medmnist("toymnist")
    message = str(err.value)
    for folder in isolated_dirs.values():
        assert str(folder) in message, "it names every place searched"
    assert "toymnist.npz" in message
    assert "https://zenodo.org/records/0/toymnist.npz" in message, "it names the official URL"
    assert "--from" in message, "it says how to import from a folder"
    assert not any(isolated_dirs["env"].glob("*")), "no partial file is left behind"


def test_download_off(isolated_dirs: dict[str, Path], register: Register) -> None:
    register("toymnist")
    with pytest.raises(DatasetUnavailableError, match="switched off"):
        load_medmnist("toymnist", download=False)


class _Server:
    """A local HTTP server whose answer each test chooses (loopback only)."""

    def __init__(self) -> None:
        self.body = b""
        self.claimed_length: int | None = None
        self.requests = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                outer.requests += 1
                self.send_response(200)
                self.send_header("Content-Length", str(outer.claimed_length or len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)  # may be shorter than claimed: a cut connection

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/{{name}}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    yield srv
    srv.httpd.shutdown()


def test_download_checks_md5_and_installs(isolated_dirs: dict[str, Path], register: Register, server: _Server) -> None:
    source = register("toymnist", url=server.url)
    server.body = source.read_bytes()
    data = load_medmnist("toymnist")
    assert data.path == isolated_dirs["env"] / "toymnist.npz"
    assert data.path.read_bytes() == server.body
    assert [p.name for p in isolated_dirs["env"].iterdir()] == ["toymnist.npz"], "no temporary file is left"


def test_interrupted_download_never_looks_complete(isolated_dirs: dict[str, Path], register: Register, server: _Server) -> None:
    source = register("toymnist", url=server.url)
    server.body = source.read_bytes()[:1000]
    server.claimed_length = source.stat().st_size
    with pytest.raises(DatasetUnavailableError, match="IncompleteRead"):
        storage.download(dataset_info("toymnist"), retries=3, timeout=5, progress=False)
    assert server.requests == 3, "it retried"
    assert list(isolated_dirs["env"].iterdir()) == [], "nothing that looks like the file is left"


def test_download_with_wrong_content_is_discarded(isolated_dirs: dict[str, Path], register: Register, server: _Server) -> None:
    register("toymnist", url=server.url)
    server.body = b"an HTML error page, say" * 100
    with pytest.raises(CorruptFileError, match="discarded"):
        storage.download(dataset_info("toymnist"), progress=False)
    assert list(isolated_dirs["env"].iterdir()) == []


def test_import_from_folder(isolated_dirs: dict[str, Path], register: Register, tmp_path: Path) -> None:
    source = register("toymnist")
    path = storage.import_file(dataset_info("toymnist"), source.parent)
    assert path == isolated_dirs["env"] / "toymnist.npz" and path.read_bytes() == source.read_bytes()
    assert source.exists(), "the source is copied, not moved"


def test_import_refuses_a_bad_copy(isolated_dirs: dict[str, Path], register: Register, tmp_path: Path) -> None:
    source = register("toymnist")
    bad = tmp_path / "usb"
    bad.mkdir()
    (bad / "toymnist.npz").write_bytes(source.read_bytes()[:-10])
    with pytest.raises(CorruptFileError):
        storage.import_file(dataset_info("toymnist"), bad)
    assert not (isolated_dirs["env"] / "toymnist.npz").exists()
    with pytest.raises(DatasetUnavailableError, match="does not exist"):
        storage.import_file(dataset_info("toymnist"), tmp_path / "nowhere")


def test_a_corrupt_file_is_moved_aside_not_lost(isolated_dirs: dict[str, Path], register: Register) -> None:
    source = register("toymnist")
    isolated_dirs["env"].mkdir(parents=True)
    (isolated_dirs["env"] / "toymnist.npz").write_bytes(b"half a download")
    storage.import_file(dataset_info("toymnist"), source.parent)
    kept = list(isolated_dirs["env"].glob("toymnist.npz.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"half a download"
    assert (isolated_dirs["env"] / "toymnist.npz").read_bytes() == source.read_bytes()


def test_read_only_data_dir_can_be_read(isolated_dirs: dict[str, Path], register: Register) -> None:
    folder = isolated_dirs["env"]
    folder.mkdir(parents=True)
    shutil.copy(register("toymnist"), folder / "toymnist.npz")
    folder.chmod(0o555)
    try:
        before = sorted(os.listdir(folder))
        assert load_medmnist("toymnist").x_train.shape[0] == 60
        assert sorted(os.listdir(folder)) == before, "loading writes nothing"
    finally:
        folder.chmod(0o755)


def test_read_only_data_dir_refuses_downloads_clearly(isolated_dirs: dict[str, Path], register: Register, monkeypatch: pytest.MonkeyPatch) -> None:
    register("toymnist")
    folder = isolated_dirs["env"]
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    if os.geteuid() == 0:
        # root ignores permission bits, so make creating the file fail as the OS would for a user.
        def denied(*args: object, **kwargs: object) -> tuple[int, str]:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", denied)
    try:
        with pytest.raises(DataDirNotWritableError) as err:
            load_medmnist("toymnist")
        assert str(folder) in str(err.value) and "COURSE_DATA_DIR" in str(err.value)
    finally:
        folder.chmod(0o755)
