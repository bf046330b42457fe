"""The file mailbox keeps each message once, however often it is sent."""

from __future__ import annotations

from email import message_from_bytes
from pathlib import Path

from django.core.mail import EmailMessage

from tending.lib.mailfolder import EmailBackend


def _message(message_id: str, subject: str = "Pulse is open") -> EmailMessage:
    return EmailMessage(
        subject,
        "How was your week?",
        "tending@example.test",
        ["ada@example.test"],
        headers={"Message-ID": message_id},
    )


def test_a_message_sent_twice_is_kept_once(tmp_path: Path) -> None:
    backend = EmailBackend(file_path=str(tmp_path))
    assert backend.send_messages([_message("<nudge-1@example.test>")]) == 1
    assert backend.send_messages([_message("<nudge-1@example.test>")]) == 1
    assert backend.send_messages([_message("<nudge-2@example.test>", "Today's question")]) == 1
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    subjects = {message_from_bytes(path.read_bytes())["Subject"] for path in files}
    assert subjects == {"Pulse is open", "Today's question"}
    assert not list(tmp_path.glob(".*.part"))  # nothing half-written left behind


def test_nudge_emails_are_kept_by_their_own_message_id(tmp_path: Path) -> None:
    """A nudge e-mail is written out by the nudges app itself (a raw message
    with no parsed headers): its Message-ID still names its file."""
    from tending.nudges.channels.email import NudgeEmail

    def nudge(number: int) -> NudgeEmail:
        return NudgeEmail(
            subject="Pulse is open",
            body="How was your week?",
            to=["ada@example.test"],
            headers={"Message-ID": f"<nudge-{number}@example.test>"},
        )

    backend = EmailBackend(file_path=str(tmp_path))
    backend.send_messages([nudge(1), nudge(2), nudge(1)])
    assert len(list(tmp_path.glob("*.eml"))) == 2
