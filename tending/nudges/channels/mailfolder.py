"""The mail folder: Django's file e-mail backend, with files that can be
written again without writing anything twice.

`TENDING_EMAIL_BACKEND=file` writes e-mail into `var/mail/` instead of
sending it: for a self-hoster who hands mail on with a tool of their own, and
for tests. Other mail (a password reset) goes through Django's backend as it
is, one file per connection.

Nudge e-mails are written a batch at a time with `write_file(name, …)`: the
file is written under `.partial/` and then linked into the folder under its
name, so it appears whole or not at all, and a name is never written twice.
`messages_in(name)` reads back which Message-IDs a file holds. Together they
make the send idempotent: a worker killed after writing a file but before
recording its e-mails as sent leaves them in a file the next worker reads,
and it records them instead of writing them again (send.py).
"""

from __future__ import annotations

import errno
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.mail.backends import filebased

PARTIAL = ".partial"
# Django's file backend separates messages with this line; ours too, so both
# kinds of file read the same.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>\r\n]+>)", re.MULTILINE | re.IGNORECASE)
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


class MailFolder(filebased.EmailBackend):
    def _path(self, name: str) -> Path:
        if not _SAFE_NAME.match(name):
            raise ValueError(f"not a mail file name: {name!r}")
        return Path(self.file_path) / f"{name}.log"

    def write_file(self, name: str, messages: Sequence[Any]) -> None:
        """Write `messages` as the file `name`, whole or not at all.

        Raises FileExistsError if that name was written before: names are
        made once per batch (send.py), so it would mean a bug, and a second
        copy must not replace the first."""
        final = self._path(name)
        partial_dir = Path(self.file_path) / PARTIAL
        partial_dir.mkdir(exist_ok=True)
        partial = partial_dir / f"{name}.{os.getpid()}.tmp"
        with partial.open("wb") as stream:
            stream.write(b"".join(m.message().as_bytes() + SEPARATOR for m in messages))
        try:
            # A hard link fails when the name exists, where a rename would
            # replace it; both are atomic. No fsync: the file must survive the
            # worker being killed, which the page cache ensures; a power cut
            # is the mail tool's and the file system's to survive.
            os.link(partial, final)
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            # A file system without hard links (some network shares): the
            # name is new (send.py makes one per batch), so a rename will do.
            if final.exists():
                raise FileExistsError(errno.EEXIST, "already written", str(final)) from exc
            os.rename(partial, final)
        finally:
            partial.unlink(missing_ok=True)

    def messages_in(self, name: str) -> set[bytes]:
        """The Message-IDs the file `name` holds; none if it was never written."""
        try:
            content = self._path(name).read_bytes()
        except FileNotFoundError:
            return set()
        return set(MESSAGE_ID.findall(content))

    def clear_partial(self, older_than: float) -> int:
        """Remove files a killed worker left half written (never read)."""
        cutoff = time.time() - older_than
        removed = 0
        for path in (Path(self.file_path) / PARTIAL).glob("*.tmp"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # its worker finished it meanwhile
                continue
        return removed
