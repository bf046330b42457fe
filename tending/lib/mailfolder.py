"""The `file` e-mail backend: each message in a file of its own, named by its
Message-ID.

Django's file backend appends a connection's messages to one log file, so a
message sent twice is there twice. The nudge worker records sent e-mails in
batches (tending/nudges/send.py); a worker killed between writing a message
and recording it sends it again after the lease runs out. Written here, the
second copy replaces the first: for this channel sending is idempotent, and
each nudge arrives exactly once. (SMTP cannot offer that; there a repeat keeps
its Message-ID, by which mail programs recognise it.)
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from django.core.mail import EmailMessage
from django.core.mail.backends import filebased


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = Path(self.file_path)
        for email in email_messages:
            message = email.message()
            # The worker's Message-IDs are stable (derived from the delivery),
            # so a repeat has the same one. They are set as extra headers; a
            # message built by Django carries a generated one.
            message_id = str(email.extra_headers.get("Message-ID") or message["Message-ID"])
            name = hashlib.sha256(message_id.encode()).hexdigest()[:32]
            # Written beside, then renamed: a reader never sees half a message,
            # and a repeat replaces the file whole.
            part = folder / f".{name}.{os.getpid()}.part"
            part.write_bytes(message.as_bytes())
            os.replace(part, folder / f"{name}.eml")
        return len(email_messages)
