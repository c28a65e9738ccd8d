"""Where MedMNIST files live, and how they get there safely.

Files are looked for in this order (the first folder that has the file wins):

1. the ``data_dir`` argument, if given;
2. the folder named by the environment variable ``COURSE_DATA_DIR``;
3. the repository's ``data/`` folder;
4. medmnist's own default, ``~/.medmnist`` (files you fetched with medmnist are reused).

New files are written to the first of those folders. Every write goes to a
temporary file that is renamed into place only once its MD5 matches, so an
interrupted download never leaves a file that looks complete. Existing files
are never deleted: a corrupt one is moved aside, not overwritten.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import socket
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .catalog import DatasetInfo
from .errors import CorruptFileError, DataDirNotWritableError, DatasetUnavailableError

ENV_VAR = "COURSE_DATA_DIR"
REPO_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
MEDMNIST_DEFAULT_DIR = Path.home() / ".medmnist"
_CHUNK = 1 << 20
_md5_cache: dict[tuple[str, int, int], str] = {}


def search_dirs(data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """The folders searched for data files, in order, without duplicates."""
    candidates: list[Path] = []
    if data_dir is not None:
        candidates.append(Path(data_dir))
    if os.environ.get(ENV_VAR):
        candidates.append(Path(os.environ[ENV_VAR]))
    if REPO_DATA_DIR.is_dir():
        candidates.append(REPO_DATA_DIR)
    candidates.append(MEDMNIST_DEFAULT_DIR)
    unique: list[Path] = []
    for path in (p.expanduser().resolve() for p in candidates):
        if path not in unique:
            unique.append(path)
    return unique


def target_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder that new files are written to: the first one searched."""
    return search_dirs(data_dir)[0]


def md5sum(path: Path) -> str:
    """MD5 of a file, cached by (path, size, modification time)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _md5_cache:
        digest = hashlib.md5()
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        _md5_cache[key] = digest.hexdigest()
    return _md5_cache[key]


def find(info: DatasetInfo, data_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """The first existing copy of the dataset's file, or ``None``."""
    for folder in search_dirs(data_dir):
        path = folder / info.filename
        if path.is_file():
            return path
    return None


def verify(path: Path, info: DatasetInfo) -> None:
    """Raise :class:`CorruptFileError` unless ``path`` has the official MD5."""
    actual = md5sum(path)
    if actual != info.md5:
        raise CorruptFileError(
            f"{path} is incomplete or corrupt: its MD5 is {actual}, "
            f"but the official file's is {info.md5} ({path.stat().st_size} bytes on disk).\n"
            f"What to do: move or delete that file, then run\n"
            f"    python -m course_utils fetch {info.flag} --size {info.size}\n"
            f"to download it again, or add  --from FOLDER  to import a good copy."
        )


def _writable_tempfile(folder: Path, name: str) -> Path:
    """Create an empty temporary file in ``folder``, with a clear error if we can't."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    except OSError as err:
        raise DataDirNotWritableError(
            f"Cannot write {name} into {folder}: {err.strerror or err}.\n"
            f"What to do: choose a folder you can write to, with the environment "
            f"variable {ENV_VAR}=/path/to/folder or the argument data_dir=..."
        ) from None
    os.close(handle)
    return Path(tmp)


def _install(tmp: Path, info: DatasetInfo, folder: Path) -> Path:
    """Check ``tmp``'s MD5, then rename it into place; a bad old file is kept aside."""
    verify_tmp = md5sum(tmp)
    if verify_tmp != info.md5:
        tmp.unlink(missing_ok=True)
        raise CorruptFileError(
            f"The copy of {info.filename} has MD5 {verify_tmp}, not the official {info.md5}; "
            "it was discarded and nothing was changed. Try again, or use another copy."
        )
    final = folder / info.filename
    if final.exists():
        try:
            verify(final, info)
        except CorruptFileError:
            aside = final.with_name(f"{final.name}.corrupt-{int(time.time())}")
            final.rename(aside)
            print(f"Moved the corrupt {final} aside to {aside.name}.")
    os.replace(tmp, final)  # atomic on one file system
    return final


def import_file(
    info: DatasetInfo, source_dir: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None = None
) -> Path:
    """Copy ``info.filename`` from ``source_dir`` into the data folder, checking its MD5."""
    source = Path(source_dir).expanduser() / info.filename
    if not source.is_file():
        raise DatasetUnavailableError(f"{source} does not exist, so {info.filename} cannot be imported from there.")
    verify(source, info)
    folder = target_dir(data_dir)
    if (folder / info.filename).resolve() == source.resolve():
        return source
    tmp = _writable_tempfile(folder, info.filename)
    try:
        shutil.copyfile(source, tmp)
        return _install(tmp, info, folder)
    finally:
        tmp.unlink(missing_ok=True)


def _stream(url: str, tmp: Path, name: str, timeout: float, progress: bool) -> None:
    from tqdm.auto import tqdm

    with urllib.request.urlopen(url, timeout=timeout) as response, open(tmp, "wb") as out:
        expected = int(response.headers.get("Content-Length") or 0)
        with tqdm(total=expected or None, unit="B", unit_scale=True, desc=name, disable=not progress) as bar:
            while chunk := response.read(_CHUNK):
                out.write(chunk)
                bar.update(len(chunk))
    received = tmp.stat().st_size
    if expected and received != expected:
        raise http.client.IncompleteRead(b"", expected - received)


_NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, socket.timeout, ConnectionError, TimeoutError)


def download(
    info: DatasetInfo,
    data_dir: str | os.PathLike[str] | None = None,
    *,
    retries: int = 3,
    timeout: float = 30.0,
    progress: bool = True,
) -> Path:
    """Download the official file with retries, check its MD5, and move it into place."""
    folder = target_dir(data_dir)
    tmp = _writable_tempfile(folder, info.filename)
    reason = "no attempt made"
    try:
        for attempt in range(1, retries + 1):
            try:
                _stream(info.url, tmp, info.filename, timeout, progress)
                return _install(tmp, info, folder)
            except _NETWORK_ERRORS as err:
                reason = f"{type(err).__name__}: {getattr(err, 'reason', err)}"
                if attempt < retries:
                    time.sleep(2 ** (attempt - 1))
    finally:
        tmp.unlink(missing_ok=True)
    raise unavailable_error(info, data_dir, reason)


def unavailable_error(
    info: DatasetInfo, data_dir: str | os.PathLike[str] | None, reason: str
) -> DatasetUnavailableError:
    """The one clear message for 'not on disk and cannot be downloaded'."""
    searched = "\n".join(f"    {folder}" for folder in search_dirs(data_dir))
    return DatasetUnavailableError(
        f"{info.filename} ({info.flag}, {info.size} px) is not on this machine and could not be downloaded "
        f"({reason}).\n"
        f"Searched:\n{searched}\n"
        f"Official URL: {info.url}\n"
        f"What to do:\n"
        f"  * online: run  python -m course_utils fetch {info.flag} --size {info.size}\n"
        f"  * offline: copy {info.filename} from a machine that has it (or from your instructor) into a folder, then\n"
        f"      python -m course_utils fetch {info.flag} --size {info.size} --from /path/to/that/folder\n"
        f"    or point {ENV_VAR} at that folder."
    )
