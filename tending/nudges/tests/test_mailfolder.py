"""The mail folder (TENDING_EMAIL_BACKEND=file): a worker that dies at any
moment of a send leaves neither a lost nor a repeated e-mail behind.

A real kill -9 is in test_processes.py, at moments it cannot choose. Here the
worker "dies" exactly where it matters, by an exception no code of ours
catches, and the next worker takes over once the lease has run out.
"""

from __future__ import annotations

import errno
import os
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail

from tending.nudges import jobs
from tending.nudges.channels import email as email_channel
from tending.nudges.channels.mailfolder import MESSAGE_ID, MailFolder
from tending.nudges.models import Delivery
from tending.nudges.tests.helpers import due_nudge, run

NOON = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
LINK = "tending.nudges.channels.mailfolder.os.link"
real_link = os.link


class WorkerKilled(BaseException):
    """Stands for kill -9: nothing after it runs, no handler of ours sees it."""


@pytest.fixture
def folder(settings, tmp_path: Path) -> Path:
    path = tmp_path / "mail"
    settings.MAILERS = {
        "default": {
            "BACKEND": "tending.nudges.channels.mailfolder.MailFolder",
            "OPTIONS": {"file_path": str(path)},
        }
    }
    return path


@pytest.fixture
def noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def received(folder: Path) -> Counter[bytes]:
    """What a mail tool reading the folder would find, by Message-ID."""
    found: Counter[bytes] = Counter()
    for path in folder.glob("*.log"):
        found.update(MESSAGE_ID.findall(path.read_bytes()))
    return found


def sent_ids() -> set[bytes]:
    emails = Delivery.objects.filter(channel="email", status="sent")
    return {email_channel.message_id(delivery).encode() for delivery in emails}


def take_over(noon: Any, monkeypatch: pytest.MonkeyPatch, after: timedelta) -> Any:
    """Another worker, once the dead one's lease ran out."""
    monkeypatch.setattr(jobs, "_owner", None)
    noon.shift(after)
    return jobs.retry_batch()


def test_a_batch_of_emails_is_one_file_in_the_folder(personas, folder, noon):
    nudges = [due_nudge(personas.b) for _ in range(3)]
    run()
    files = list(folder.glob("*.log"))
    assert len(files) == 1
    assert received(folder) == Counter(dict.fromkeys(sent_ids(), 1))
    assert len(sent_ids()) == len(nudges)
    assert {d.mail_file for d in Delivery.objects.all()} == {files[0].stem}
    assert list((folder / ".partial").iterdir()) == []


def test_a_worker_killed_after_writing_is_not_repeated(
    personas, folder, noon, monkeypatch, settings
):
    for _ in range(3):
        due_nudge(personas.b)
    write = MailFolder.write_file

    def write_then_die(self: MailFolder, name: str, messages: Any) -> None:
        write(self, name, messages)
        raise WorkerKilled

    monkeypatch.setattr(MailFolder, "write_file", write_then_die)
    with pytest.raises(WorkerKilled):
        run()
    monkeypatch.setattr(MailFolder, "write_file", write)
    # Written, but not recorded: the worker died in between.
    assert sum(received(folder).values()) == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {"pending"}

    # Nothing is taken over while the lease runs…
    assert take_over(noon, monkeypatch, settings.NUDGE_LEASE / 2).sent == 0
    # …then the next worker finds them in the file: recorded, not written again.
    outcome = take_over(noon, monkeypatch, settings.NUDGE_LEASE)
    assert outcome.sent == 3
    assert received(folder) == Counter(dict.fromkeys(sent_ids(), 1))
    assert len(sent_ids()) == 3
    assert len(list(folder.glob("*.log"))) == 1


def test_a_worker_killed_while_writing_leaves_nothing_and_the_next_writes_once(
    personas, folder, noon, monkeypatch, settings
):
    for _ in range(3):
        due_nudge(personas.b)
    first_names = set()

    def die_before_the_file_appears(source: Any, target: Any) -> None:
        first_names.add(Path(target).stem)
        raise WorkerKilled

    monkeypatch.setattr(LINK, die_before_the_file_appears)
    with pytest.raises(WorkerKilled):
        run()
    monkeypatch.setattr(LINK, real_link)
    assert received(folder) == Counter()

    assert take_over(noon, monkeypatch, settings.NUDGE_LEASE + timedelta(seconds=1)).sent == 3
    assert received(folder) == Counter(dict.fromkeys(sent_ids(), 1))
    assert len(sent_ids()) == 3
    # Written under a name of its own, recorded before it was written.
    names = set(Delivery.objects.values_list("mail_file", flat=True))
    assert len(names) == 1
    assert names.isdisjoint(first_names)


def test_an_email_left_out_of_its_batch_file_is_sent_on_retry_and_only_it(
    personas, folder, noon, monkeypatch
):
    nudges = [due_nudge(personas.b) for _ in range(3)]
    build = email_channel.build

    def build_all_but_the_second(delivery: Delivery) -> Any:
        if delivery.nudge_id == nudges[1].pk:
            raise RuntimeError("template missing")
        return build(delivery)

    monkeypatch.setattr(email_channel, "build", build_all_but_the_second)
    run()
    broken = Delivery.objects.get(nudge=nudges[1])
    assert broken.status == "retrying"
    assert sum(received(folder).values()) == 2

    monkeypatch.setattr(email_channel, "build", build)
    # Its batch's file exists and holds the two others; it is not in it.
    assert take_over(noon, monkeypatch, timedelta(minutes=2)).sent == 1
    assert received(folder) == Counter(dict.fromkeys(sent_ids(), 1))
    assert len(sent_ids()) == 3


def test_a_full_disk_is_retried_later_and_nothing_is_half_there(
    personas, folder, noon, monkeypatch
):
    due_nudge(personas.b)

    def disk_full(source: Any, target: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(LINK, disk_full)
    run()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("retrying", 1)
    assert "No space left" in delivery.last_error
    assert received(folder) == Counter()
    assert list((folder / ".partial").iterdir()) == []

    monkeypatch.setattr(LINK, real_link)
    assert take_over(noon, monkeypatch, timedelta(minutes=2)).sent == 1
    assert received(folder) == Counter(dict.fromkeys(sent_ids(), 1))


def test_a_file_name_is_written_once_and_never_replaced(folder):
    mailbox = MailFolder(alias="default", file_path=str(folder))
    mailbox.write_file("nudges-one", [mail.EmailMessage("First", "body", to=["a@example.test"])])
    with pytest.raises(FileExistsError):
        mailbox.write_file(
            "nudges-one", [mail.EmailMessage("Second", "body", to=["a@example.test"])]
        )
    assert b"Subject: First" in (folder / "nudges-one.log").read_bytes()
    for hostile in ("../outside", "a/b", "", "x" * 61):
        with pytest.raises(ValueError, match="not a mail file name"):
            mailbox.write_file(hostile, [])
    assert mailbox.messages_in("nudges-never-written") == set()


def test_a_file_system_without_hard_links_still_gets_whole_files(folder, monkeypatch):
    mailbox = MailFolder(alias="default", file_path=str(folder))

    def no_links(source: Any, target: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(LINK, no_links)
    mailbox.write_file("nudges-one", [mail.EmailMessage("First", "body", to=["a@example.test"])])
    assert b"Subject: First" in (folder / "nudges-one.log").read_bytes()
    assert list((folder / ".partial").iterdir()) == []
    with pytest.raises(FileExistsError):
        mailbox.write_file(
            "nudges-one", [mail.EmailMessage("Again", "body", to=["a@example.test"])]
        )
    assert b"Subject: Again" not in (folder / "nudges-one.log").read_bytes()


def test_half_written_files_are_cleared_once_surely_abandoned(folder):
    mailbox = MailFolder(alias="default", file_path=str(folder))
    partial = folder / ".partial"
    partial.mkdir(parents=True)
    old, recent = partial / "nudges-old.1.tmp", partial / "nudges-new.2.tmp"
    old.write_bytes(b"Subject: half")
    recent.write_bytes(b"Subject: half")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    assert mailbox.clear_partial(older_than=3600) == 1
    assert not old.exists()
    assert recent.exists()


def test_other_mail_still_goes_to_the_folder_the_django_way(folder):
    mail.send_mail("Reset your password", "Follow the link.", None, ["ada@example.test"])
    (written,) = folder.glob("*.log")
    assert b"Subject: Reset your password" in written.read_bytes()


def test_through_a_mail_server_each_email_is_recorded_as_soon_as_it_is_accepted(
    personas, monkeypatch
):
    # A server cannot be asked afterwards what it accepted: a worker that dies
    # after the second e-mail has recorded both, and only the third is left.
    nudges = [due_nudge(personas.b) for _ in range(3)]
    accepted: list[Any] = []

    class DiesOnTheThird:
        def open(self) -> None:
            pass

        def close(self) -> None:
            pass

        def send_messages(self, messages: list[Any]) -> int:
            if len(accepted) == 2:
                raise WorkerKilled
            accepted.extend(messages)
            return len(messages)

    monkeypatch.setattr(email_channel, "open_connection", DiesOnTheThird)
    with pytest.raises(WorkerKilled):
        run()
    statuses = {d.nudge_id: d.status for d in Delivery.objects.all()}
    assert statuses == {
        nudges[0].pk: "sent",
        nudges[1].pk: "sent",
        nudges[2].pk: "pending",
    }
