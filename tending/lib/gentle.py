"""The gentle start-up helper's rules: find phrasing that tends to start a talk harshly.

Pure functions, no models, no network: the text is looked at here and nowhere
else. The helper points at a few well-known cues (absolute words aimed at the
partner, verdicts about who the partner *is*, sweeping "nothing you do", names)
and offers an "I feel … about … I need …" rewrite. It never scores a text and
never labels a person: research offers no validated classifier for criticism
or contempt, so a wrong highlight must cost nothing more than a glance.

Only English rules exist; text that does not look English is left alone
rather than misread (see `looks_english`). Quoted words (someone else's, or a
phrase being discussed) are left alone too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MAX_TEXT_LENGTH = 5000

SUGGESTIONS: dict[str, str | Promise] = {
    "absolute": _(
        "Words like “always” and “never” invite your partner to look for the exception "
        "instead of hearing you. Could you name one recent moment instead?"
    ),
    "character": _(
        "A sentence about who your partner is tends to land as a verdict. What they did, "
        "and how it felt to you, is easier to hear."
    ),
    "sweeping": _(
        "Sweeping words make the whole relationship the topic. Choosing the one thing that "
        "matters most today keeps the talk small enough to solve."
    ),
    "name": _(
        "A name stays with someone long after the argument is over. What is the feeling "
        "underneath it?"
    ),
    "blame": _(
        "Blame asks your partner to defend themself. Saying what you need from here on "
        "asks them to help."
    ),
}

REWRITE_TEMPLATE = _("I feel … about [one specific thing]. I need …")
REWRITE_EXAMPLE = _(
    "For example: “I feel lonely when we both scroll through dinner. I need us to put "
    "the phones away while we eat.”"
)


@dataclass(frozen=True)
class Finding:
    """A stretch of the text worth a second look, with a gentler direction."""

    start: int
    end: int
    phrase: str
    rule: str

    @property
    def suggestion(self) -> str | Promise:
        return SUGGESTIONS[self.rule]


# --- Word lists (our own) ------------------------------------------------------

_NAMES = (
    "idiot|moron|jerk|loser|stupid|dumb|pathetic|useless|worthless|lazy|selfish|liar|"
    "coward|slob|nag|psycho|crazy|hysterical|childish|immature|clown|brat|hypocrite|"
    "failure|disgrace|drama queen|piece of work|joke|baby|child"
)
# A few of these ("baby", "child", "joke") are names only after "such a"/"a":
# "you're my baby" is love, "you're such a baby" is not.
_NAMES_NEED_ARTICLE = {"baby", "child", "joke", "failure"}

# After "you're so …" these describe a partner warmly, or a state that is met
# with care rather than judged; anything else is taken as a verdict.
_WARM_WORDS = {
    "kind",
    "sweet",
    "thoughtful",
    "funny",
    "patient",
    "good",
    "brave",
    "beautiful",
    "handsome",
    "generous",
    "loving",
    "smart",
    "clever",
    "caring",
    "strong",
    "wonderful",
    "lovely",
    "gentle",
    "wise",
    "calm",
    "talented",
    "cute",
    "fun",
    "warm",
    "right",
    "helpful",
    "supportive",
    "amazing",
    "special",
    "dear",
    "gorgeous",
    "creative",
    "honest",
    "considerate",
    "understanding",
    "attentive",
    "much",
    "tired",
    "busy",
    "stressed",
    "sick",
    "happy",
    "excited",
    "great",
    "lucky",
    "proud",
    "important",
    "easy",
    "good-hearted",
    "open",
    "dedicated",
    "hardworking",
    "hard-working",
    "reliable",
    "capable",
    "resilient",
    "precious",
    "loved",
    "missed",
    "appreciated",
}

# After "you never …", these turn the sentence into praise ("you never fail to…").
_PRAISE_AFTER_NEVER = re.compile(
    r"\s+(?:ever\s+)?(?:fail|let\s+me\s+down|give\s+up|forget|complain|judge|hesitate|"
    r"disappoint|quit|waver|back\s+down|doubt|stop\s+(?:trying|caring|surprising|"
    r"making|amazing|being)|leave\s+me\s+(?:alone|out)\s+when|make\s+me\s+feel\s+"
    r"(?:small|stupid|alone|judged)|run\s+out\s+of\s+(?:patience|kindness|love)|"
    r"take\s+me\s+for\s+granted|lose\s+(?:your\s+)?(?:patience|temper|sense))"
)
# After "you always …", these make it praise ("you always make me laugh").
_PRAISE_AFTER_ALWAYS = re.compile(
    r"\s+(?:been\s+|manage\s+to\s+|seem\s+to\s+)?(?:"
    r"make\s+me\s+(?:laugh|smile|feel\s+(?:safe|loved|better|good|special|seen|heard|"
    r"welcome|at\s+home|calm|understood))|know\s+(?:how|what|when|just)|help|support|"
    r"find\s+(?:a\s+way|time|the\s+right)|remember|listen|show\s+up|have\s+my\s+back|"
    r"on\s+my\s+mind|in\s+my\s+(?:heart|thoughts)|"
    r"cheer|encourage|take\s+care|care|believe\s+in|stand\s+by|notice|look\s+out|"
    r"lift|surprise|there\s+for|been\s+there|welcome|hug|forgive|make\s+time|"
    r"keep\s+your\s+promises|ask\s+(?:how|about)|put\s+us|put\s+me|"
    r"(?:so\s+)?(?:" + "|".join(sorted(_WARM_WORDS)) + r")\b)"
)
# Sayings where "you" means anyone ("you never know").
_IDIOM_AFTER = re.compile(
    r"\s+(?:going\s+to\s+)?(?:know|can\s+tell|guess|believe|walk\s+alone|be\s+alone|be\s+too\s+careful|"
    r"be\s+sure|stop\s+learning|get\s+a\s+second\s+chance)\b"
)
_APPRECIATIVE_BEFORE = re.compile(
    r"\b(?:appreciate|appreciated|love|loved|admire|admired|thank\s+you\s+for|thanks\s+for|"
    r"grateful\s+for|notice|noticed|adore|value|cherish|proud\s+of|enjoy)\b"
)
_PRAISE_AFTER_NOTHING = re.compile(
    r"\s+(?:goes\s+unnoticed|is\s+(?:ever\s+)?(?:wasted|lost\s+on\s+me|too\s+small)|"
    r"(?:is|was|were)\s+(?:ever\s+)?(?:wrong|silly|stupid|a\s+mistake|too\s+much)|"
    r"(?:could|would|will|can)\s+(?:ever\s+)?(?:make|change|stop))"
)

# The writer denying the phrase rather than saying it: "it's not that you never
# help", "I don't think you're lazy", "I never said you always…".
_DENIED_BEFORE = re.compile(
    r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+)?(?:that|saying|said|say|think|thought|mean|meant|"
    r"believe|claim|claiming|like)\s+(?:that\s+)?$"
)

_MODIFIERS = (
    r"(?:'re|'ll|'d|'ve)?(?:\s+(?:are|were|do|did|does|can|could|will|would|have|has|"
    r"just|literally|really|seriously|simply|still|honestly|basically|seem\s+to|"
    r"tend\s+to|almost|practically|pretty\s+much))*"
)
_ABSOLUTE = re.compile(
    r"\byou" + _MODIFIERS + r"\s+(?P<word>always|never|constantly|forever|continually)\b"
    r"|\byou\s+(?:don't|do\s+not|won't|will\s+not|can't|cannot|didn't|doesn't|"
    r"couldn't|wouldn't|never)\s+ever\b"
)
_CHARACTER = re.compile(
    r"\byou(?:'re|\s+are)(?:\s+(?:being|acting|just|really|always|honestly))?"
    r"\s+(?:so|such(?:\s+an?)?|so\s+damn|really\s+so)\s+(?P<word>[a-z][a-z'-]*)"
)
_SWEEPING = re.compile(
    r"\b(?:nothing|everything|anything)\s+(?:that\s+)?you\s+(?:ever\s+)?"
    r"(?:do|does|did|say|said|make|try|touch|cook|plan|want)\b"
    r"|\byou\s+(?:do|did|have\s+done|contribute)\s+nothing\b"
    r"|\byou\s+(?:don't|do\s+not|didn't|never)\s+(?:do|help\s+with|care\s+about)\s+anything\b"
)
_BLAME = re.compile(r"\b(?:always|all|entirely|totally|completely)\s+your\s+fault\b")
_NAME = re.compile(
    r"\byou(?:'re|\s+are)?(?:\s+(?:being|acting|acting\s+like|so|such|really|total|complete|"
    r"totally|completely|just|absolute|little|big|fucking|damn|stupid|lazy|selfish|"
    r"pathetic|useless|(?P<article>an?|such\s+an?|like\s+an?)))*"
    r"\s+(?P<word>" + _NAMES + r")\b"
    r"|\bare\s+you\s+(?:\w+\s+)?(?:stupid|crazy|dumb|insane|an\s+idiot|a\s+child)\b"
    r"|\bwhat\s+an?\s+(?:\w+\s+)?(?:" + _NAMES + r")\s+you\s+(?:are|were)\b"
)

# --- Language gate -------------------------------------------------------------

_ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "it",
        "my",
        "your",
        "our",
        "me",
        "us",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "that",
        "this",
        "what",
        "when",
        "why",
        "how",
        "not",
        "do",
        "does",
        "did",
        "don't",
        "can't",
        "have",
        "has",
        "had",
        "so",
        "just",
        "like",
        "about",
        "all",
        "always",
        "never",
        "never",
        "nothing",
        "everything",
        "very",
        "would",
        "could",
        "should",
        "will",
        "if",
        "then",
        "there",
        "their",
        "from",
        "as",
        "up",
        "out",
        "feel",
        "felt",
        "need",
    ]
)
_OTHER = frozenset(
    # German, French, Spanish, Italian, Dutch, Portuguese: common short words that
    # are not also English words.
    [
        "ich",
        "du",
        "nicht",
        "und",
        "ist",
        "immer",
        "nie",
        "bist",
        "das",
        "die",
        "der",
        "ein",
        "eine",
        "mit",
        "mir",
        "mich",
        "dich",
        "sie",
        "wir",
        "je",
        "tu",
        "es",
        "jamais",
        "toujours",
        "ne",
        "pas",
        "le",
        "la",
        "les",
        "et",
        "est",
        "une",
        "moi",
        "toi",
        "nous",
        "vous",
        "avec",
        "yo",
        "tú",
        "eres",
        "nunca",
        "siempre",
        "que",
        "el",
        "los",
        "las",
        "y",
        "una",
        "con",
        "mí",
        "ti",
        "nosotros",
        "pero",
        "io",
        "sei",
        "mai",
        "sempre",
        "non",
        "il",
        "che",
        "di",
        "della",
        "per",
        "sono",
        "ik",
        "jij",
        "je",
        "nooit",
        "altijd",
        "bent",
        "het",
        "een",
        "niet",
        "en",
        "van",
        "mij",
        "eu",
        "você",
        "sempre",
        "nunca",
        "não",
        "é",
        "um",
        "uma",
        "com",
    ]
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def looks_english(text: str) -> bool:
    """Whether the English rules should run at all.

    A count of very common short words is enough to tell English from the
    languages partners most often mix in, and it errs towards silence: text
    in another language (or mostly another language) gets no highlights
    rather than wrong ones.
    """
    # "you're" counts as "you": contractions are English, their tails are not words.
    words = [w.lower().replace("’", "'").split("'")[0] for w in _WORD.findall(text)]
    if not words:
        return False
    english = sum(w in _ENGLISH for w in words)
    other = sum(w in _OTHER for w in words)
    return english > 0 and english > other


# --- Finding ------------------------------------------------------------------


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Stretches inside quotation marks: someone else's words, or a phrase
    being talked about ("when you said 'you never' I…"), are not the writer
    speaking to their partner."""
    spans = []
    for match in re.finditer(r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»|„[^“”\n]*[“”]", text):
        spans.append((match.start(), match.end()))
    # Straight single quotes double as apostrophes: a quote opens after a space
    # or line start and closes before a space or punctuation.
    for match in re.finditer(r"(?:(?<=^)|(?<=[\s(:]))'[^'\n]+?'(?=$|[\s.,;:!?)])", text):
        spans.append((match.start(), match.end()))
    return spans


def _clause_end(text: str, start: int) -> int:
    match = re.compile(r"[.!?;\n]").search(text, start)
    return match.end() if match else len(text)


def _sentence_start(text: str, end: int) -> int:
    starts = [text.rfind(mark, 0, end) for mark in ".!?\n"]
    return max(starts) + 1


def _candidates(norm: str) -> Iterator[tuple[int, int, str]]:
    for match in _ABSOLUTE.finditer(norm):
        rest = norm[match.end() : _clause_end(norm, match.end())]
        word = match.group("word")
        if word == "never" and (_PRAISE_AFTER_NEVER.match(rest) or _IDIOM_AFTER.match(rest)):
            continue
        if word in ("always", "forever") and _PRAISE_AFTER_ALWAYS.match(rest):
            continue
        yield match.start(), match.end(), "absolute"
    for match in _CHARACTER.finditer(norm):
        if match.group("word") in _WARM_WORDS:
            continue
        yield match.start(), match.end(), "character"
    for match in _SWEEPING.finditer(norm):
        before = norm[_sentence_start(norm, match.start()) : match.start()]
        rest = norm[match.end() : _clause_end(norm, match.end())]
        if _APPRECIATIVE_BEFORE.search(before) or _PRAISE_AFTER_NOTHING.match(rest):
            continue
        if norm.startswith("everything", match.start()) and not _looks_unkind(rest):
            continue
        yield match.start(), match.end(), "sweeping"
    for match in _BLAME.finditer(norm):
        yield match.start(), match.end(), "blame"
    for match in _NAME.finditer(norm):
        word = match.group("word")
        if word in _NAMES_NEED_ARTICLE and not match.group("article"):
            continue
        yield match.start(), match.end(), "name"


_UNKIND_AFTER = re.compile(
    r".*\b(?:wrong|annoy|irritat|bother|drive|driving|ruin|mess|hate|sucks|selfish|"
    r"about\s+you|is\s+a\s+problem|makes?\s+me\s+(?:angry|mad|sick)|gets\s+on)"
)


def _looks_unkind(rest: str) -> bool:
    # "Everything you do" is as often love as complaint; only the complaint is flagged.
    return bool(_UNKIND_AFTER.match(rest))


def find_harsh_phrasing(text: str) -> list[Finding]:
    """Stretches of `text` that may start a talk harshly, in order, not overlapping."""
    if not text or len(text) > MAX_TEXT_LENGTH or not looks_english(text):
        return []
    # Same length as the text, so every offset found in it is an offset in the text.
    norm = text.lower().replace("’", "'")
    quoted = _quoted_spans(text)
    found: list[Finding] = []
    for start, end, rule in sorted(_candidates(norm), key=lambda c: (c[0], -(c[1] - c[0]))):
        if any(q_start <= start < q_end for q_start, q_end in quoted):
            continue
        if _DENIED_BEFORE.search(norm[_sentence_start(norm, start) : start]):
            continue
        if found and start < found[-1].end:
            # Overlap: keep the name over anything else, else the longer stretch.
            if rule == "name" and found[-1].rule != "name":
                found[-1] = Finding(found[-1].start, max(end, found[-1].end), "", rule)
            continue
        found.append(Finding(start, end, "", rule))
    return [Finding(f.start, f.end, text[f.start : f.end], f.rule) for f in found]


def segments(text: str, findings: list[Finding]) -> list[tuple[str, Finding | None]]:
    """The text cut into plain and highlighted pieces, for a template to show
    (each piece is escaped by the template like any other user text)."""
    pieces: list[tuple[str, Finding | None]] = []
    position = 0
    for finding in findings:
        if finding.start > position:
            pieces.append((text[position : finding.start], None))
        pieces.append((text[finding.start : finding.end], finding))
        position = finding.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces
