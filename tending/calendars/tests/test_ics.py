"""Reading .ics files into busy times: each recurrence feature, zones, and refusals.

The files are written here, small and by hand, one feature each.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tending.calendars import ics

START = datetime(2026, 3, 1, tzinfo=UTC)
END = datetime(2026, 4, 30, tzinfo=UTC)


def calendar(*events: str, head: str = "") -> bytes:
    body = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tending tests//EN", *head.split("\n")]
        if head
        else ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tending tests//EN"]
    )
    for event in events:
        body += "\r\nBEGIN:VEVENT\r\n" + event.strip().replace("\n", "\r\n") + "\r\nEND:VEVENT"
    return (body + "\r\nEND:VCALENDAR\r\n").encode()


def busy(data: bytes, zone: str = "Europe/Berlin") -> list[str]:
    return [
        f"{b.start:%Y-%m-%d %H:%M}/{b.end:%Y-%m-%d %H:%M}" for b in ics.read(data, zone, START, END)
    ]


def test_a_plain_event_in_utc() -> None:
    data = calendar("UID:1\nDTSTART:20260302T170000Z\nDTEND:20260302T180000Z\nSUMMARY:Dentist")
    assert busy(data) == ["2026-03-02 17:00/2026-03-02 18:00"]


def test_rrule_with_count_exdate_and_rdate() -> None:
    data = calendar(
        """UID:weekly
DTSTART;TZID=Europe/Berlin:20260302T180000
DTEND;TZID=Europe/Berlin:20260302T190000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=Europe/Berlin:20260309T180000
RDATE;TZID=Europe/Berlin:20260312T180000"""
    )
    assert busy(data) == [
        "2026-03-02 17:00/2026-03-02 18:00",
        "2026-03-12 17:00/2026-03-12 18:00",  # the extra date
        "2026-03-16 17:00/2026-03-16 18:00",
        "2026-03-23 17:00/2026-03-23 18:00",
    ]


def test_an_overridden_instance_moves_and_a_cancelled_one_frees_its_time() -> None:
    data = calendar(
        """UID:series
DTSTART:20260302T170000Z
DTEND:20260302T180000Z
RRULE:FREQ=WEEKLY;COUNT=3""",
        """UID:series
RECURRENCE-ID:20260309T170000Z
DTSTART:20260310T080000Z
DTEND:20260310T090000Z""",
        """UID:series
RECURRENCE-ID:20260316T170000Z
DTSTART:20260316T170000Z
DTEND:20260316T180000Z
STATUS:CANCELLED""",
    )
    assert busy(data) == ["2026-03-02 17:00/2026-03-02 18:00", "2026-03-10 08:00/2026-03-10 09:00"]


def test_recurrence_crosses_dst_at_the_same_wall_clock_time() -> None:
    data = calendar(
        """UID:dst
DTSTART;TZID=Europe/Berlin:20260326T190000
DTEND;TZID=Europe/Berlin:20260326T200000
RRULE:FREQ=DAILY;COUNT=4"""
    )
    # 19:00 in Berlin is 18:00 UTC before 29 March and 17:00 UTC from then on.
    assert busy(data) == [
        "2026-03-26 18:00/2026-03-26 19:00",
        "2026-03-27 18:00/2026-03-27 19:00",
        "2026-03-28 18:00/2026-03-28 19:00",
        "2026-03-29 17:00/2026-03-29 18:00",
    ]


def test_all_day_and_multi_day_events_use_the_owners_zone() -> None:
    data = calendar(
        "UID:trip\nDTSTART;VALUE=DATE:20260305\nDTEND;VALUE=DATE:20260307",
        "UID:day\nDTSTART;VALUE=DATE:20260310",  # no end: one day
    )
    assert busy(data, "Europe/Berlin") == [
        "2026-03-04 23:00/2026-03-06 23:00",
        "2026-03-09 23:00/2026-03-10 23:00",
    ]
    assert busy(data, "America/New_York")[0] == "2026-03-05 05:00/2026-03-07 05:00"


def test_floating_times_are_the_owners_wall_clock() -> None:
    data = calendar("UID:f\nDTSTART:20260303T100000\nDTEND:20260303T110000")
    assert busy(data, "Europe/Berlin") == ["2026-03-03 09:00/2026-03-03 10:00"]
    assert busy(data, "Asia/Tokyo") == ["2026-03-03 01:00/2026-03-03 02:00"]


def test_a_vtimezone_defined_in_the_file_is_honoured() -> None:
    head = """BEGIN:VTIMEZONE
TZID:Our Office Time
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0300
TZOFFSETTO:+0300
TZNAME:OOT
END:STANDARD
END:VTIMEZONE"""
    data = calendar(
        "UID:v\nDTSTART;TZID=Our Office Time:20260303T120000\n"
        "DTEND;TZID=Our Office Time:20260303T130000",
        head=head,
    )
    assert busy(data) == ["2026-03-03 09:00/2026-03-03 10:00"]


def test_googles_x_wr_timezone_is_honoured() -> None:
    # Google writes UTC times and names the calendar's zone in X-WR-TIMEZONE;
    # a floating time in such a file belongs to that zone, not the owner's.
    data = calendar(
        "UID:g\nDTSTART:20260303T100000\nDTEND:20260303T110000",
        head="X-WR-TIMEZONE:America/New_York",
    )
    assert busy(data, "Europe/Berlin") == ["2026-03-03 15:00/2026-03-03 16:00"]


def test_transparent_and_cancelled_events_are_not_busy() -> None:
    data = calendar(
        "UID:t\nDTSTART:20260302T170000Z\nDTEND:20260302T180000Z\nTRANSP:TRANSPARENT",
        "UID:c\nDTSTART:20260303T170000Z\nDTEND:20260303T180000Z\nSTATUS:CANCELLED",
        "UID:o\nDTSTART:20260304T170000Z\nDTEND:20260304T180000Z\nTRANSP:OPAQUE",
    )
    assert busy(data) == ["2026-03-04 17:00/2026-03-04 18:00"]


def test_overlapping_events_merge_and_outside_events_are_dropped() -> None:
    data = calendar(
        "UID:a\nDTSTART:20260302T170000Z\nDTEND:20260302T183000Z",
        "UID:b\nDTSTART:20260302T180000Z\nDTEND:20260302T190000Z",
        "UID:old\nDTSTART:20250302T170000Z\nDTEND:20250302T180000Z",
    )
    assert busy(data) == ["2026-03-02 17:00/2026-03-02 19:00"]


def test_an_empty_calendar_is_fine() -> None:
    assert busy(calendar()) == []


def test_nothing_but_times_leaves_the_reader() -> None:
    data = calendar(
        "UID:1\nDTSTART:20260302T170000Z\nDTEND:20260302T180000Z\nSUMMARY:Therapy session\n"
        "LOCATION:Secret place\nDESCRIPTION:Private notes\nATTENDEE:mailto:someone@example.test"
    )
    (found,) = ics.read(data, "UTC", START, END)
    assert set(found.__slots__) == {"start", "end"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "web page"),
        (b"<html><head></head></html>", "web page"),
        (b"hello, this is text", "BEGIN:VCALENDAR"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;broken", "could not be read"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * (5 * 1024 * 1024) + b"\r\nEND:VCALENDAR", "5 MB"),
    ],
)
def test_what_is_not_a_calendar_is_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(ics.CalendarRefused) as refused:
        ics.read(data, "UTC", START, END)
    assert message in refused.value.message


def test_a_rule_that_would_flood_the_database_is_refused() -> None:
    data = calendar("UID:m\nDTSTART:20260302T000000Z\nDTEND:20260302T000100Z\nRRULE:FREQ=MINUTELY")
    with pytest.raises(ics.CalendarRefused) as refused:
        ics.read(data, "UTC", START, END)
    assert "more than" in refused.value.message


DENTIST = "UID:d\nDTSTART:20260305T090000Z\nDTEND:20260305T100000Z"


@pytest.mark.parametrize(
    "rule",
    [
        # Each would make the rule library walk millions of steps.
        "DTSTART:20260302T000000Z\nDTEND:20260302T000001Z\nRRULE:FREQ=SECONDLY",
        "DTSTART:10000101T000000Z\nDTEND:10000101T010000Z\nRRULE:FREQ=HOURLY",
        "DTSTART:20000101T000000Z\nDTEND:20000101T000100Z\nRRULE:FREQ=MINUTELY;INTERVAL=5",
        "DTSTART:19000101T000000Z\nDTEND:19000101T000100Z\nRRULE:FREQ=DAILY;"
        "BYHOUR=0,2,4,6,8,10,12,14,16,18,20,22;BYMINUTE=0,30",
    ],
)
def test_a_rule_that_would_take_minutes_to_expand_is_left_out(rule: str) -> None:
    assert busy(calendar(DENTIST, "UID:x\n" + rule), "UTC") == ["2026-03-05 09:00/2026-03-05 10:00"]


def test_an_absurd_rule_hidden_inside_another_component_is_left_out_too() -> None:
    hidden = (
        "BEGIN:VTODO\r\nUID:t\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260302T000000Z\r\n"
        "DTEND:20260302T000001Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VTODO\r\n"
    )
    data = calendar(DENTIST).replace(b"END:VCALENDAR", hidden.encode() + b"END:VCALENDAR")
    assert busy(data, "UTC") == ["2026-03-05 09:00/2026-03-05 10:00"]


def test_too_many_costly_rules_together_are_refused() -> None:
    # Each is allowed alone (a daily event since 1800), but not 20 of them.
    events = [
        f"UID:{n}\nDTSTART:18000101T0{n % 10}0000Z\nDTEND:18000101T0{n % 10}3000Z\nRRULE:FREQ=DAILY"
        for n in range(20)
    ]
    with pytest.raises(ics.CalendarRefused) as refused:
        ics.read(calendar(*events), "UTC", START, END)
    assert "too many repeating events" in refused.value.message


def test_an_unknown_x_wr_timezone_is_ignored_not_a_crash() -> None:
    data = calendar(
        "UID:a\nDTSTART:20260302T100000\nDTEND:20260302T110000", head="X-WR-TIMEZONE:Mars/Olympus"
    )
    # Floating times, read as the owner's wall clock (Berlin, UTC+1 in March).
    assert busy(data) == ["2026-03-02 09:00/2026-03-02 10:00"]
