"""Exceptions with messages written for students: what happened, and what to do.

Every error the data layer raises is a :class:`CourseError`. The course runner
(``make course``) prints only its message, never a traceback from deep inside
numpy or urllib.
"""

from __future__ import annotations


class CourseError(Exception):
    """Base class for errors whose message alone tells the user what to do."""


class CourseSetupError(CourseError, ImportError):
    """A required package is missing or broken."""


class UnknownDatasetError(CourseError, KeyError):
    """The dataset flag is not in ``medmnist.INFO``."""

    def __str__(self) -> str:  # KeyError would wrap the message in quotes
        return str(self.args[0])


class UnsupportedSizeError(CourseError, ValueError):
    """The dataset exists but not at the requested image size."""


class DatasetUnavailableError(CourseError, FileNotFoundError):
    """The file is not on disk and could not be downloaded."""


class CorruptFileError(CourseError, ValueError):
    """A file is on disk but is truncated, corrupt, unsafe or has the wrong MD5."""


class DataDirNotWritableError(CourseError, PermissionError):
    """A file has to be written, but the data directory is read-only."""


class BackendError(CourseError, NotImplementedError):
    """The lesson needs a Keras backend other than the one that is running."""
