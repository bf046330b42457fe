"""Share (issue 4): five years of daily questions answered by a couple — about
3,600 answers and 5,000 replies — then today's question page and the archive's
first page as a partner (a fixed number of queries each, asserted in
tending/share/tests; here: 40% of the ceiling's requests/s, p99 under 100 ms),
and archive word search over that history (p95 under 50 ms, in-process, the
whole page through Django's stack)."""

from __future__ import annotations

import random
import time
from typing import Any

from bench.scenarios import Context, Measurement, Target

YEARS = 5
REPLIES_PER_DAY = (0, 1, 2, 3, 3, 4, 5)  # about 2.7 a day: ~5,000 in five years
BATCH = 2000
# Our own vocabulary, drawn with Zipf weights like real text: small words in
# most answers, a content word in a few percent of them.
_VOCABULARY = (
    "i the and we to a it was you of in that my me for on with but so our "
    "time home day feel think really when like love just about us after "
    "morning evening coffee walk river garden kitchen rain sunshine laugh worry "
    "tired proud grateful mother father sister brother friend work holiday beach "
    "mountain train bicycle music dance book film dinner breakfast bread soup tea "
    "cat dog weekend sunday promise trust hug quiet noise city village childhood "
    "school birthday winter summer autumn spring letter phone message plan dream "
    "fear hope money house room window door bed sleep slow busy calm angry sad "
    "happy lonely close distant together apart remember forget notice listen talk "
    "share cook clean laundry car bus station market bakery lake forest snow storm "
    "candle blanket sofa balcony neighbour colleague boss meeting deadline email "
    "present gift surprise secret joke song guitar piano painting photo album "
    "grandmother grandfather cousin aunt uncle wedding funeral hospital doctor "
    "patience kindness honesty courage anxiety stress comfort safety freedom"
)
WORDS = _VOCABULARY.split()
WEIGHTS = [1 / rank for rank in range(1, len(WORDS) + 1)]
RARE = "zanzibar"  # in one answer a year


def _say(message: str) -> None:
    print(f"  share: {message}", flush=True)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, weights=WEIGHTS, k=rng.randint(low, high))
    return (" ".join(words) + ".").capitalize()


def write_history(couple: Any, a: Any, b: Any, years: int, rng: random.Random) -> dict[str, Any]:
    """`years` of the couple's daily questions up to today, written in bulk:
    both answer on 98% of days (one partner alone on the rest, unrevealed),
    replies and one-tap responses under the revealed ones; today is revealed,
    with three replies. The bench and the tests that count queries over five
    years use it. Returns the rows' counts, today's question and the days
    whose answers hold the rare word."""
    from datetime import UTC, datetime, timedelta
    from datetime import time as clock

    from tending.couples.models import Couple
    from tending.lib.timezones import get_zone
    from tending.share import daily
    from tending.share.models import Answer, AnswerResponse, DailyQuestion, Reply, ResponseKind

    today = daily.local_day(couple)
    first = today - timedelta(days=365 * years)
    Couple.objects.filter(pk=couple.pk).update(
        created=datetime.combine(first, clock(12), tzinfo=UTC)
    )
    couple.refresh_from_db()
    zone = get_zone(couple.time_zone)
    settings, saved = daily.settings_of(couple)
    plan = daily.plan_of(a, couple, settings, saved)
    asked_by_ref = {}
    days, answers, replies, taps = [], [], [], []
    rare_days: dict[str, bool] = {}  # day -> revealed
    day = first
    while day <= today:
        ref = plan.ref_on(day)
        if ref not in asked_by_ref:
            resolved = daily.resolve(a, couple, ref)
            assert resolved is not None, f"the library has no question {ref}"
            asked_by_ref[ref] = resolved
        asked = asked_by_ref[ref]
        evening = datetime.combine(day, clock(20, rng.randrange(60)), tzinfo=zone)
        both = day == today or rng.random() < 0.98  # today: revealed, with a thread
        row = DailyQuestion(
            couple=couple,
            day=day,
            ref=asked.ref,
            text=asked.text,
            tier=asked.tier,
            theme=asked.theme,
            deck_name=asked.deck_name,
            created=evening,
            revealed_at=evening + timedelta(minutes=30) if both else None,
        )
        days.append(row)
        people = [a, b] if both else [rng.choice([a, b])]
        written = []
        for index, person in enumerate(people):
            text = _sentence(rng, 12, 45)
            if rng.random() < 1 / 365:
                text += f" One day we will go to {RARE.capitalize()}."
                rare_days[day.isoformat()] = both
            written.append(
                Answer(
                    couple=couple,
                    author=person,
                    day=row,
                    text=text,
                    created=evening + timedelta(minutes=10 + 20 * index),
                )
            )
        answers += written
        if both:
            for n in range(3 if day == today else rng.choice(REPLIES_PER_DAY)):
                replies.append(
                    Reply(
                        couple=couple,
                        author=people[n % 2],
                        day=row,
                        text=_sentence(rng, 4, 18),
                        created=evening + timedelta(minutes=35 + n),
                    )
                )
            if rng.random() < 0.5:
                taps.append(
                    AnswerResponse(
                        couple=couple,
                        author=b,
                        answer=written[0],
                        kind=rng.choice(ResponseKind.values),
                    )
                )
        day += timedelta(days=1)
    DailyQuestion.objects.bulk_create(days, batch_size=BATCH)
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    Reply.objects.bulk_create(replies, batch_size=BATCH)
    AnswerResponse.objects.bulk_create(taps, batch_size=BATCH)
    return {
        "days": len(days),
        "answers": len(answers),
        "replies": len(replies),
        "taps": len(taps),
        "question": days[-1].text,
        "rare_days": rare_days,
    }


def prepare(ctx: Context) -> None:
    from django.db import connection

    started = time.perf_counter()
    written = write_history(
        ctx.couple(), ctx.user("a"), ctx.user("b"), YEARS, random.Random("share-bench")
    )
    if ctx.db == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    _say(
        f"{written['days']} days, {written['answers']} answers, {written['replies']} replies, "
        f"{written['taps']} one-tap responses in {time.perf_counter() - started:.1f} s"
    )
    ctx.values["share_question"] = written["question"]


def targets(ctx: Context) -> list[Target]:
    return [
        Target(
            name="Share: today's question (revealed, with its thread)",
            path="/share/",
            who="b",
            min_ratio=0.40,
            max_p99_ms=100,
            # The thread under a revealed question: the page of the day, not a login page.
            expect_text="Talking about it",
        ),
        Target(
            name="Share: the archive's first page",
            path="/share/archive/",
            who="a",
            min_ratio=0.40,
            max_p99_ms=100,
            expect_text="Our questions so far",
        ),
        Target(
            name="Share: archive search over 5 years (reported)",
            path="/share/archive/?q=garden+walk",
            who="b",
            expect_text="<mark>garden</mark>",
        ),
    ]


def in_process(ctx: Context) -> list[Measurement]:
    from tending.share import search, services

    client = ctx.client("b")
    user, couple = ctx.user("b"), ctx.couple()
    # A small word in most answers, content words, a word's start, several words,
    # a word in one answer a year, and none.
    queries = ["feel", "coffee", "garden walk", "lone", "rain sunday tea", RARE, "nothingmatches"]
    state = {"n": 0}

    def search_page() -> None:
        query = queries[state["n"] % len(queries)]
        state["n"] += 1
        response = client.get("/share/archive/", {"q": query})
        assert response.status_code == 200, response.status_code

    def search_only() -> Any:
        # What the archive does for a search: the matching days' ids, newest
        # first (the count is their number), then the first page of them.
        query = queries[state["n"] % len(queries)]
        state["n"] += 1
        found = search.search_days(user, couple, query)
        assert found is not None
        ids = list(found.order_by("-day").values_list("pk", flat=True))
        return len(ids), list(services.days_for(user).filter(pk__in=ids[:15]))

    return [
        ctx.time(
            "Share: archive word search over 5 years: matching days and first page",
            search_only,
            n=300,
            max_p95_ms=50,
        ),
        ctx.time("Share: archive search page, whole Django stack (in-process)", search_page, n=150),
    ]
