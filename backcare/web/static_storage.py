"""Static files with compressed copies made once, not at every start.

`backcare serve` collects the static files each time it starts. Django copies only the files
that changed since the last collection, but WhiteNoise's storage compresses every file again
(about 10 MB, most of it the API documentation's scripts), which took about 10 s of each
start. This storage compresses only the files whose compressed copies are missing or older
than the file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from whitenoise.storage import CompressedStaticFilesStorage

COMPRESSED_SUFFIXES = (".br", ".gz")


class CompressedOnceStaticFilesStorage(CompressedStaticFilesStorage):  # type: ignore[misc]
    def post_process(
        self, paths: dict[str, Any], dry_run: bool = False, **options: Any
    ) -> Iterator[Any]:
        stale = {name: found for name, found in paths.items() if not self.compressed_current(name)}
        if not dry_run:
            for name in stale:
                self.forget_compressed(name)
        yield from super().post_process(stale, dry_run, **options)

    def compressed_current(self, name: str) -> bool:
        """A compressed copy is written with its file's modification time, and a file copied
        again by collectstatic gets a later one, so an older copy belongs to an older file."""
        full_path = self.path(name)
        try:
            modified = os.stat(full_path).st_mtime
        except FileNotFoundError:
            return False
        for suffix in COMPRESSED_SUFFIXES:
            try:
                if os.stat(full_path + suffix).st_mtime >= modified:
                    return True
            except FileNotFoundError:
                continue
        return False

    def forget_compressed(self, name: str) -> None:
        """Remove the copies of an older file: compressing it again writes only the copies
        that save space, and WhiteNoise would serve an outdated one left beside it."""
        for suffix in COMPRESSED_SUFFIXES:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path(name) + suffix)
