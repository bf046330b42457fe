"""The gallery: tradition ideas to add in one tap and then make your own.

All written for Tending. A ritual differs from a routine by what it says
about the two of you, so each idea names a small act *and* hints at why it
could matter; the couple renames, reschedules and rewrites it afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tending.traditions import recurrence

MO, TU, WE, TH, FR, SA, SU = range(7)


@dataclass(frozen=True)
class Idea:
    key: str
    group: str
    name: str | Promise
    description: str | Promise
    repeat: str
    weekdays: tuple[int, ...] = ()
    ordinal: int | None = None
    weekday: int | None = None
    at: time | None = None
    minutes: int | None = None
    interval: int = 1

    def first_day(self, today: date) -> date:
        """The first date on or after today that fits the idea's days."""
        if self.repeat == "weekly" and self.weekdays:
            return today + timedelta(days=(min(self.weekdays) - today.weekday()) % 7)
        if self.repeat == "monthly_weekday" and self.weekday is not None:
            return today + timedelta(days=(self.weekday - today.weekday()) % 7)
        return today

    def rule(self, first_day: date) -> str:
        return recurrence.build_rule(
            self.repeat,
            first_day,
            interval=self.interval,
            weekdays=list(self.weekdays),
            ordinal=self.ordinal,
            weekday=self.weekday,
        )


GROUPS = (
    ("daily", _("Small daily rituals")),
    ("weekly", _("Every week")),
    ("monthly", _("Every month or so")),
    ("yearly", _("Once a year")),
)

IDEAS = (
    # --- Small daily rituals --------------------------------------------------
    Idea(
        "six-second-kiss",
        "daily",
        _("A long goodbye kiss"),
        _("Before one of you leaves, a kiss that lasts long enough to notice it."),
        "daily",
        minutes=1,
    ),
    Idea(
        "evening-debrief",
        "daily",
        _("How was your day, really"),
        _("Twenty minutes after work to tell each other one good and one hard thing."),
        "daily",
        at=time(18, 30),
        minutes=20,
    ),
    Idea(
        "morning-coffee",
        "daily",
        _("First coffee together"),
        _("The first cup sitting down, side by side, before any screen."),
        "daily",
        at=time(7, 15),
        minutes=15,
    ),
    Idea(
        "goodnight-three",
        "daily",
        _("Three good things at bedtime"),
        _("Lights out, each names three things from today they were glad of."),
        "daily",
        at=time(22, 30),
        minutes=5,
    ),
    Idea(
        "reunion-hug",
        "daily",
        _("The coming-home hug"),
        _("Whoever gets home second is met at the door with a proper hug."),
        "daily",
    ),
    Idea(
        "walk-after-dinner",
        "daily",
        _("A walk round the block"),
        _("A short walk after dinner, phones left on the table."),
        "daily",
        at=time(20, 0),
        minutes=20,
    ),
    Idea(
        "tea-in-bed",
        "daily",
        _("Tea brought to bed"),
        _("One of you makes the other's tea or coffee and brings it, taking turns."),
        "daily",
        at=time(7, 0),
        minutes=10,
    ),
    Idea(
        "gratitude-text",
        "daily",
        _("A midday thank-you"),
        _("One message in the middle of the day thanking them for something specific."),
        "daily",
        at=time(12, 30),
        minutes=2,
    ),
    Idea(
        "read-aloud",
        "daily",
        _("A chapter read aloud"),
        _("Take turns reading a few pages of the same book to each other."),
        "daily",
        at=time(21, 45),
        minutes=15,
    ),
    Idea(
        "cook-together-weeknight",
        "daily",
        _("Cooking side by side"),
        _("Make dinner together on workdays: one chops, one stirs, both talk."),
        "weekly",
        weekdays=(MO, TU, WE, TH),
        at=time(18, 45),
        minutes=45,
    ),
    # --- Every week -----------------------------------------------------------
    Idea(
        "friday-pizza",
        "weekly",
        _("Friday pizza night"),
        _("Homemade or delivered, eaten on the sofa with a film you pick in turns."),
        "weekly",
        weekdays=(FR,),
        at=time(19, 0),
        minutes=150,
    ),
    Idea(
        "monday-cuddle",
        "weekly",
        _("Monday-morning cuddle"),
        _("The alarm goes off fifteen minutes early on Mondays, just to hold each other."),
        "weekly",
        weekdays=(MO,),
        at=time(6, 45),
        minutes=15,
    ),
    Idea(
        "sunday-planning",
        "weekly",
        _("Sunday week-ahead talk"),
        _("Look at the coming week together: who needs what, and when you'll see each other."),
        "weekly",
        weekdays=(SU,),
        at=time(18, 0),
        minutes=30,
    ),
    Idea(
        "date-night",
        "weekly",
        _("Date night"),
        _("One evening a week that is only for the two of you, planned by each in turn."),
        "weekly",
        weekdays=(SA,),
        at=time(19, 30),
        minutes=180,
    ),
    Idea(
        "saturday-breakfast",
        "weekly",
        _("Slow Saturday breakfast"),
        _("No hurry, the good bread, and the whole morning if you want it."),
        "weekly",
        weekdays=(SA,),
        at=time(9, 30),
        minutes=90,
    ),
    Idea(
        "class-together",
        "weekly",
        _("Our weekly class"),
        _("Dance, pottery, climbing, a language: something new you both learn at once."),
        "weekly",
        weekdays=(WE,),
        at=time(19, 0),
        minutes=90,
    ),
    Idea(
        "market-morning",
        "weekly",
        _("Market morning"),
        _("Shop the market together and cook one thing you have never made."),
        "weekly",
        weekdays=(SA,),
        at=time(10, 0),
        minutes=90,
    ),
    Idea(
        "bath-night",
        "weekly",
        _("Long-bath evening"),
        _("Candles, music, and nowhere to be."),
        "weekly",
        weekdays=(TH,),
        at=time(21, 0),
        minutes=45,
    ),
    Idea(
        "game-night",
        "weekly",
        _("Board-game night"),
        _("A game you both like, played for fun rather than to win."),
        "weekly",
        weekdays=(TU,),
        at=time(20, 0),
        minutes=90,
    ),
    Idea(
        "state-of-us",
        "weekly",
        _("A check-in about us"),
        _("Half an hour for what went well between you this week, and one wish for the next."),
        "weekly",
        weekdays=(SU,),
        at=time(20, 0),
        minutes=30,
    ),
    Idea(
        "sunday-walk",
        "weekly",
        _("The Sunday walk"),
        _("The same walk every week, noticing what has changed along it."),
        "weekly",
        weekdays=(SU,),
        at=time(11, 0),
        minutes=60,
    ),
    Idea(
        "music-swap",
        "weekly",
        _("Song swap"),
        _("Each plays the other a song that has been on their mind this week, and says why."),
        "weekly",
        weekdays=(WE,),
        at=time(21, 0),
        minutes=20,
    ),
    Idea(
        "tech-free-evening",
        "weekly",
        _("Screen-free evening"),
        _("One evening with the phones in a drawer from dinner until bedtime."),
        "weekly",
        weekdays=(TH,),
        at=time(19, 0),
        minutes=180,
    ),
    Idea(
        "volunteer-together",
        "weekly",
        _("Helping out together"),
        _("A few hours giving time to something you both care about."),
        "weekly",
        weekdays=(SA,),
        at=time(14, 0),
        minutes=120,
        interval=2,
    ),
    Idea(
        "new-recipe",
        "weekly",
        _("New-recipe night"),
        _("Pick a dish from a cuisine neither of you knows and make it together."),
        "weekly",
        weekdays=(WE,),
        at=time(19, 0),
        minutes=90,
        interval=2,
    ),
    # --- Every month or so ------------------------------------------------------
    Idea(
        "first-saturday-adventure",
        "monthly",
        _("First-Saturday adventure"),
        _("Somewhere neither of you has been, on the first Saturday of each month."),
        "monthly_weekday",
        ordinal=1,
        weekday=SA,
        at=time(10, 0),
        minutes=360,
    ),
    Idea(
        "last-friday-dinner-out",
        "monthly",
        _("Last-Friday dinner out"),
        _("Dress up a little and eat somewhere new on the last Friday of the month."),
        "monthly_weekday",
        ordinal=-1,
        weekday=FR,
        at=time(19, 30),
        minutes=150,
    ),
    Idea(
        "second-sunday-brunch",
        "monthly",
        _("Second-Sunday brunch with friends"),
        _("Host or join friends together: your couple is also part of a circle."),
        "monthly_weekday",
        ordinal=2,
        weekday=SU,
        at=time(11, 0),
        minutes=150,
    ),
    Idea(
        "monthly-money-date",
        "monthly",
        _("Money talk with dessert"),
        _("Once a month, go over plans and spending kindly, with something sweet."),
        "monthly_weekday",
        ordinal=1,
        weekday=SU,
        at=time(16, 0),
        minutes=45,
    ),
    Idea(
        "dream-session",
        "monthly",
        _("Dreaming out loud"),
        _("An evening to talk about where you'd like to be in five years, big and small."),
        "monthly_weekday",
        ordinal=3,
        weekday=FR,
        at=time(20, 0),
        minutes=60,
    ),
    Idea(
        "photo-evening",
        "monthly",
        _("Photos of the month"),
        _("Look through this month's photos and pick one to print."),
        "monthly_date",
        at=time(20, 30),
        minutes=30,
    ),
    Idea(
        "sunrise-or-sunset",
        "monthly",
        _("Watch a sunrise or a sunset"),
        _("Once a month, go out and watch the light change, saying little."),
        "monthly_weekday",
        ordinal=2,
        weekday=SA,
        minutes=60,
    ),
    Idea(
        "love-letter",
        "monthly",
        _("A letter for each other"),
        _("Write each other a short letter by hand and read them aloud."),
        "monthly_date",
        at=time(21, 0),
        minutes=30,
    ),
    Idea(
        "day-trip",
        "monthly",
        _("A day trip"),
        _("Every other month, a whole day away somewhere a train or a car can take you."),
        "monthly_weekday",
        ordinal=2,
        weekday=SU,
        interval=2,
    ),
    # --- Once a year ------------------------------------------------------------
    Idea(
        "anniversary-retelling",
        "yearly",
        _("Telling our story again"),
        _("On your anniversary, each tells how you met, the way they remember it."),
        "yearly",
        at=time(20, 0),
        minutes=60,
    ),
    Idea(
        "first-date-redo",
        "yearly",
        _("First date, again"),
        _("Go back to where you first went out, or somewhere just like it."),
        "yearly",
        at=time(19, 0),
        minutes=180,
    ),
    Idea(
        "year-review",
        "yearly",
        _("Our year in review"),
        _("Around New Year: the best moments, what was hard, and what you'd like next year."),
        "yearly",
        at=time(18, 0),
        minutes=90,
    ),
    Idea(
        "time-capsule",
        "yearly",
        _("A letter to us next year"),
        _("Write to your future selves, seal it, and open last year's."),
        "yearly",
        at=time(20, 0),
        minutes=45,
    ),
    Idea(
        "first-snow-or-swim",
        "yearly",
        _("First swim of summer"),
        _("The first warm day, you go in the water together, however cold it is."),
        "yearly",
    ),
    Idea(
        "tree-planting",
        "yearly",
        _("Planting day"),
        _("Each spring, plant something together and watch it over the year."),
        "yearly",
        at=time(10, 0),
        minutes=120,
    ),
    Idea(
        "birthday-morning",
        "yearly",
        _("The birthday morning"),
        _("A morning ritual the birthday person never has to organise."),
        "yearly",
        at=time(8, 0),
        minutes=60,
    ),
    Idea(
        "weekend-away",
        "yearly",
        _("A weekend away, just us"),
        _("Once a year, two nights somewhere without anyone else's needs to meet."),
        "yearly",
    ),
    Idea(
        "gratitude-list-year",
        "yearly",
        _("A hundred things"),
        _("Together, list a hundred things you enjoyed about this year with each other."),
        "yearly",
        at=time(19, 0),
        minutes=60,
    ),
)

BY_KEY = {idea.key: idea for idea in IDEAS}


def grouped() -> list[tuple[str, str | Promise, list[Idea]]]:
    return [(key, label, [i for i in IDEAS if i.group == key]) for key, label in GROUPS]
