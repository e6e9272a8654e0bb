"""A seeded content spinner that makes the kinds of copies story magazines actually receive.

The near-duplicate tests need copies that were disguised the way people disguise them: words swapped for
synonyms (what "article spinner" tools do), sentences shuffled, characters renamed, the story cut short, or a
passage lifted into a new frame. Everything is driven by a ``random.Random`` seeded from a string, so a
failing case can be reproduced exactly.

The synonym table is deliberately generic English and was written without looking at what the detector
matches on; the detector never sees it (using it to normalise would make the evaluation meaningless).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

__all__ = [
    "FRAME_CLOSINGS",
    "FRAME_OPENINGS",
    "SYNONYMS",
    "Variant",
    "excerpt_in_frame",
    "make_variants",
    "rename",
    "reorder",
    "spin",
    "truncate",
]


def _table(spec: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in spec.strip().splitlines():
        key, _, values = line.partition(":")
        table[key.strip()] = tuple(v.strip() for v in values.split(",") if v.strip())
    return table


SYNONYMS: dict[str, tuple[str, ...]] = _table(
    """
    about: around, roughly, approximately
    absolutely: totally, completely
    afraid: scared, frightened, fearful
    after: following, once
    afternoon: midday, later in the day
    again: once more, anew
    almost: nearly, practically, virtually
    alone: by myself, solo, on my own
    also: too, as well, additionally
    always: constantly, forever, at all times
    angry: mad, furious, cross
    answer: reply, response
    answered: replied, responded
    anyway: regardless, all the same
    apartment: flat, unit
    arrived: came, showed up, turned up
    asked: questioned, inquired, requested
    awful: terrible, dreadful, horrible
    baby: infant, newborn
    bad: poor, terrible, awful
    bag: sack, bundle
    beautiful: lovely, gorgeous, stunning
    because: since, as
    bed: cot, bunk
    before: prior to, ahead of
    began: started, commenced
    believed: trusted, accepted
    best: finest, greatest
    big: large, huge, massive
    birthday: special day, anniversary
    bit: little, touch
    blue: azure, navy
    bought: purchased, got
    boy: lad, kid
    brave: courageous, bold
    bright: vivid, brilliant
    brilliant: excellent, amazing
    broke: shattered, smashed
    broken: damaged, shattered
    brother: sibling, bro
    brought: carried, took
    building: block, structure
    busy: occupied, swamped
    but: yet, however
    called: phoned, rang, rung
    calm: quiet, composed
    car: vehicle, automobile
    careful: cautious, thorough
    carefully: cautiously, gently
    cheap: inexpensive, budget
    child: kid, youngster
    children: kids, youngsters
    clearly: obviously, plainly
    close: near, intimate
    clothes: clothing, garments
    cold: chilly, freezing
    completely: totally, entirely, fully
    confused: puzzled, baffled, bewildered
    constantly: always, continually
    couch: sofa, settee
    crying: sobbing, weeping, tearing up
    cried: wept, sobbed
    daughter: girl, little girl
    day: date, time
    decided: chose, resolved
    different: other, distinct
    difficult: hard, tough
    dinner: supper, evening meal
    doctor: physician, medic
    done: finished, completed
    door: doorway, entrance
    drove: drove over, motored
    during: throughout, in the course of
    early: soon, premature
    easier: simpler, less difficult
    easy: simple, effortless
    eat: consume, have
    embarrassed: ashamed, mortified
    empty: vacant, bare
    end: finish, close
    enormous: huge, giant, gigantic
    enough: sufficient, adequate
    entire: whole, complete
    every: each, all
    everyone: everybody, all of them
    everything: it all, all of it
    exactly: precisely, just
    excited: thrilled, eager
    face: expression, features
    family: relatives, kin, household
    far: much, way
    fast: quickly, rapidly
    father: dad, papa
    felt: sensed, experienced
    few: couple of, handful of
    finally: at last, eventually
    fine: okay, alright
    finished: completed, done
    first: initial, earliest
    floor: ground, boards
    food: meals, grub
    forget: overlook, lose track of
    forgot: neglected, overlooked
    found: discovered, located
    friend: pal, buddy, companion
    friends: pals, buddies, mates
    frightened: scared, afraid
    full: filled, packed
    funny: amusing, hilarious
    furious: livid, enraged
    gave: handed, gifted, offered
    gentle: soft, tender
    gently: softly, tenderly
    get: obtain, receive
    girl: lass, young woman
    glad: happy, pleased
    go: head, move
    gone: departed, away
    good: great, fine, nice
    got: received, obtained, became
    grateful: thankful, appreciative
    great: wonderful, terrific
    grew: developed, became
    hand: palm, fist
    hands: palms, fingers
    happened: occurred, took place
    happy: glad, cheerful, joyful
    hard: tough, difficult
    hated: loathed, despised
    head: mind, skull
    heard: listened to, caught
    heart: soul, chest
    help: assist, aid, support
    helped: assisted, aided, supported
    high: tall, elevated
    home: house, place
    honest: truthful, frank
    hope: wish, expectation
    hospital: clinic, medical center
    hour: hour or so, sixty minutes
    hours: hrs, a long time
    house: home, residence
    huge: enormous, massive, vast
    hurt: pained, wounded
    husband: spouse, partner
    idea: notion, thought, plan
    important: vital, crucial
    job: work, position, post
    just: simply, merely, only
    kept: held, retained
    kids: children, youngsters
    kind: sort, type, caring
    kitchen: cookhouse, galley
    knew: understood, realised
    know: understand, realise
    large: big, sizable
    last: final, previous
    late: belated, delayed
    later: afterwards, subsequently
    laughed: chuckled, giggled
    learned: discovered, found out
    leave: depart, go
    left: departed, went away
    letter: note, message
    letters: notes, messages
    life: existence, days
    little: small, tiny
    lived: resided, dwelt
    long: lengthy, extended
    look: appearance, glance
    looked: appeared, seemed, glanced
    looking: searching, gazing
    lost: misplaced, gave up
    loud: noisy, booming
    love: adore, cherish
    loved: adored, cherished
    lovely: beautiful, charming
    lucky: fortunate, blessed
    made: created, produced
    maybe: perhaps, possibly
    meeting: session, appointment
    met: encountered, got to know
    mind: head, thoughts
    minutes: moments, mins
    mistake: error, blunder
    money: cash, funds
    month: four weeks, calendar month
    months: moons, many weeks
    morning: dawn, daybreak
    mother: mom, mum, mama
    mostly: mainly, largely
    moved: relocated, shifted
    much: a lot, far
    nervous: anxious, jittery, edgy
    never: not ever, at no time
    new: fresh, brand-new
    next: following, subsequent
    nice: pleasant, kind
    night: evening, nighttime
    noticed: saw, spotted, observed
    office: workplace, bureau
    often: frequently, regularly
    old: aged, elderly, former
    older: elder, more senior
    once: one time, formerly
    open: unlocked, ajar
    opened: unlocked, unsealed
    ordinary: normal, regular
    paid: settled, covered
    paper: sheet, page
    parents: folks, mom and dad
    part: portion, piece
    people: folks, persons, individuals
    perfect: flawless, ideal
    person: individual, soul
    phone: mobile, cell
    photo: picture, snapshot
    photos: pictures, snapshots
    picked: chose, selected
    place: spot, location
    plan: scheme, idea
    planned: intended, arranged
    polite: courteous, civil
    pretty: fairly, quite, lovely
    probably: likely, most likely
    proud: pleased, gratified
    put: placed, set, laid
    quickly: rapidly, fast, swiftly
    quiet: silent, hushed
    quietly: silently, softly
    ran: sprinted, dashed, raced
    rather: instead, fairly
    read: studied, scanned
    ready: prepared, set
    real: genuine, actual
    realized: understood, grasped
    really: truly, genuinely, actually
    reason: cause, motive
    remember: recall, recollect
    remembered: recalled, recollected
    rest: remainder, remaining part
    right: correct, proper
    road: street, route
    room: chamber, space
    sad: unhappy, sorrowful, down
    said: stated, remarked, told me
    same: identical, very same
    sat: perched, settled
    saw: noticed, spotted, observed
    say: state, mention
    scared: afraid, frightened
    school: academy, class
    second: next, following
    sent: mailed, forwarded
    serious: grave, solemn
    shaking: trembling, shivering
    shocked: stunned, startled
    short: brief, quick
    showed: displayed, revealed
    sick: ill, unwell
    silent: quiet, mute
    silly: foolish, daft
    simply: just, merely
    single: solitary, lone
    sister: sibling, sis
    sitting: seated, perched
    slowly: gradually, steadily
    small: little, tiny, modest
    smiled: grinned, beamed
    sometimes: occasionally, at times
    son: boy, lad
    soon: shortly, before long
    sorry: regretful, apologetic
    speak: talk, converse
    spent: passed, used
    stand: stay, remain
    started: began, commenced
    stay: remain, linger
    stayed: remained, lingered
    still: yet, even now
    stop: quit, halt
    stopped: quit, halted, ceased
    story: tale, account
    strange: odd, weird, peculiar
    stranger: outsider, unknown person
    street: road, avenue
    strong: powerful, sturdy
    stupid: foolish, dumb
    sure: certain, confident
    surprised: astonished, amazed
    table: desk, counter
    talk: chat, speak, converse
    talked: chatted, spoke, conversed
    terrible: awful, dreadful, horrible
    terrified: petrified, horrified
    thing: item, matter
    things: items, stuff, matters
    think: believe, suppose, reckon
    thinking: considering, reflecting
    thought: believed, figured, reckoned
    time: moment, period
    tired: exhausted, weary, worn out
    today: this day, now
    together: jointly, as one
    told: informed, said to
    tried: attempted, tried hard
    trouble: difficulty, problem
    truly: really, genuinely
    truth: reality, facts
    turned: became, rotated
    understand: comprehend, grasp
    upset: distressed, disturbed
    used: utilized, employed
    usually: normally, generally
    very: really, extremely, quite
    visit: trip, call
    visited: called on, went to see
    waited: lingered, held on
    walk: stroll, hike
    walked: strolled, strode, wandered
    wanted: desired, wished
    warm: cozy, mild
    watched: observed, viewed
    week: seven days, few days
    weeks: several days, a while
    whole: entire, complete
    wife: spouse, partner
    window: pane, glass
    wonderful: marvelous, fantastic
    word: term, expression
    words: terms, phrasing
    work: job, labour
    worked: labored, toiled
    worried: anxious, concerned
    worse: poorer, more awful
    worst: poorest, most terrible
    wrong: incorrect, mistaken
    wrote: penned, scribbled
    year: twelve months, season
    years: seasons, decades
    yelled: shouted, hollered
    young: youthful, little
    across: over, throughout
    afterwards: later, after that
    already: by now, previously
    another: one more, an additional
    anyone: anybody, a soul
    anything: a thing, whatever
    around: about, near
    ask: request, inquire
    asking: requesting, inquiring
    away: off, gone
    back: again, backward
    became: turned into, grew
    behind: after, at the back of
    better: improved, superior
    between: amid, among
    both: the two, each
    box: crate, carton
    call: ring, phone
    change: alter, shift
    changed: altered, shifted, transformed
    coffee: java, brew
    college: university, uni
    come: arrive, show up
    came: arrived, showed up
    company: firm, business
    days: times, dates
    died: passed away, passed
    dog: pup, hound
    dress: gown, frock
    drive: ride, trip
    each: every, all
    eight: 8
    eleven: 11
    else: different, other
    even: still, yet
    evening: night, dusk
    ever: at any time, always
    five: 5
    forty: 40
    four: 4
    front: face, forefront
    going: heading, moving
    half: part, portion
    held: clutched, gripped
    hundred: 100
    inside: within, indoors
    instead: rather, alternatively
    into: inside, within
    keep: hold, retain
    lawyer: attorney, solicitor
    like: such as, similar to
    list: register, roster
    living: existing, residing
    lunch: luncheon, midday meal
    make: create, produce
    man: guy, fellow, gentleman
    married: wed, wedded
    more: additional, extra
    most: majority of, nearly all
    name: title, label
    named: called, known as
    need: require, want
    needed: required, wanted
    nights: evenings, nighttimes
    nine: 9
    nobody: no one, not a soul
    nothing: not a thing, zero
    now: today, at present
    only: just, merely
    other: additional, different
    over: above, across
    pay: compensate, settle
    played: performed, competed
    restaurant: eatery, diner
    see: view, notice
    seven: 7
    since: as, given that
    sit: perch, settle
    six: 6
    sixty: 60
    so: therefore, thus
    someone: somebody, a person
    something: a thing, anything
    stood: rose, remained
    take: grab, carry
    took: grabbed, carried, brought
    tell: inform, let know
    telling: informing, letting know
    ten: 10
    then: next, after that
    thirty: 30
    though: although, still
    thousand: 1000, grand
    three: 3
    through: via, by way of
    too: also, as well
    town: city, village
    twenty: 20
    two: 2, a pair of
    until: till, up to
    waiting: lingering, holding on
    want: wish, desire
    wedding: marriage, ceremony
    weekend: days off, Saturday and Sunday
    went: headed, traveled, moved
    whether: if, whether or not
    while: whilst, as
    why: how come, for what reason
    without: lacking, minus
    woman: lady, female
    """
)

FRAME_OPENINGS: tuple[str, ...] = (
    "I have never told anyone this part of my life, not even my closest cousins.",
    "People keep asking me why I went quiet on social media last year, so here it is.",
    "This happened a long time ago, but I still think about it almost every day.",
    "My therapist suggested I write this down, so I am finally doing it.",
    "Some of the details have faded, but the feeling has not faded at all.",
    "I was not sure whether to share this, and I changed my mind about it many times.",
    "Grab a cup of tea, because this one takes a while to tell.",
    "Everybody has one night that splits their life into before and after, and this is mine.",
    "I am writing this from a hotel room in a city where nobody knows me.",
    "When my niece asked me last winter about the hardest year of my life, I told her this.",
    "There is a version of this story my family tells at parties, and then there is what really happened.",
    "It is raining as I type, which feels right for a story like this one.",
    "Honestly, I only found the courage to write this after my fiftieth birthday.",
    "Fair warning: I am not a writer, and this is going to ramble a bit.",
)

FRAME_CLOSINGS: tuple[str, ...] = (
    "Anyway, that is my story, and thank you for reading it all the way to the end.",
    "I am doing better now, most days, and I hope whoever reads this is too.",
    "If you are going through something like this, please reach out to someone tonight.",
    "I still do not know what I would do differently, if I could go back.",
    "Writing this has helped more than I expected it to.",
    "Some wounds close and some just learn to stay quiet, and I am fine with that.",
    "I will answer questions in the comments if anyone has them.",
    "Life goes on, as they say, and mine has gone on in ways I never planned.",
    "Maybe one day I will write the second half of this story.",
    "Thanks for listening, whoever you are out there.",
    "I hope my kids read this someday and understand a little more about their mother.",
    "That was twelve years ago, and I would not trade the lesson for anything.",
)

_NAME_POOL: tuple[str, ...] = (
    "Abigail", "Bernadette", "Cassius", "Delphine", "Ezra", "Fabian", "Genevieve", "Horace", "Isadora",
    "Jasper", "Katrina", "Lucian", "Magnolia", "Nico", "Ophelia", "Percival", "Quentin", "Rosalind",
    "Silas", "Tabitha", "Ulysses", "Valentina", "Winifred", "Xavier", "Yolanda", "Zebulon", "Anouk",
    "Benedikt", "Coralie", "Dashiell", "Esperanza", "Florian", "Gideon", "Henrietta", "Ignatius", "Juniper",
)  # fmt: skip

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# Abbreviations that end in a full stop but do not end a sentence.
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“A-Z0-9])")


@dataclass(frozen=True)
class Variant:
    """One disguised copy: how it was made, its text, and the share of its words that were spun."""

    kind: str
    text: str
    spin_rate: float = 0.0


def _match_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[0].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement


def spin(
    text: str, rng: random.Random, *, rate: float = 1 / 3, protect: frozenset[str] = frozenset()
) -> Variant:
    """Replace up to ``rate`` of all words with synonyms from ``SYNONYMS``.

    ``rate`` counts against every word in the text, so a third means a third of all words, not a third of
    the words the table knows; if the table knows fewer, all of those are replaced.
    """
    words = list(_WORD.finditer(text))
    eligible = [m for m in words if m.group().lower() in SYNONYMS and m.group() not in protect]
    target = min(len(eligible), round(rate * len(words)))
    chosen = sorted(rng.sample(range(len(eligible)), target))
    pieces: list[str] = []
    pos = 0
    for index in chosen:
        match = eligible[index]
        pieces.append(text[pos : match.start()])
        pieces.append(_match_case(match.group(), rng.choice(SYNONYMS[match.group().lower()])))
        pos = match.end()
    pieces.append(text[pos:])
    return Variant("spin", "".join(pieces), target / max(1, len(words)))


def _sentences(text: str) -> list[str]:
    protected = text
    for abbreviation in _ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation[:-1] + "\x00")
    parts = [p.strip() for p in _SENTENCE_BREAK.split(" ".join(protected.split()))]
    return [p.replace("\x00", ".") for p in parts if p]


def _paragraphs(sentences: list[str], rng: random.Random) -> str:
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        size = rng.randint(3, 6)
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    return "\n\n".join(paragraphs)


def reorder(text: str, rng: random.Random) -> Variant:
    """Shuffle every sentence of the story and regroup them into new paragraphs."""
    sentences = _sentences(text)
    rng.shuffle(sentences)
    return Variant("reorder", _paragraphs(sentences, rng))


def rename(text: str, names: list[str], rng: random.Random) -> Variant:
    """Give every named character a new name, consistently through the story."""
    if not names:
        return Variant("rename", text)
    pool = [n for n in _NAME_POOL if n not in text]
    replacements = dict(zip(names, rng.sample(pool, len(names)), strict=True))
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
    )
    return Variant("rename", pattern.sub(lambda m: replacements[m.group(1)], text))


def truncate(text: str, rng: random.Random, *, keep: tuple[float, float] = (0.4, 0.7)) -> Variant:
    """Keep the opening 40-70% of the story, ending on a sentence boundary when one is in range."""
    sentences = _sentences(text)
    total = sum(len(s.split()) for s in sentences)
    target = rng.uniform(*keep) * total
    kept: list[str] = []
    count = 0
    for sentence in sentences:
        size = len(sentence.split())
        if count + size > keep[1] * total:
            break
        kept.append(sentence)
        count += size
        if count >= target:
            break
    if count < keep[0] * total:  # one very long sentence: cut inside it
        words = " ".join(sentences).split()
        return Variant("truncate", " ".join(words[: round(target)]))
    return Variant("truncate", _paragraphs(kept, rng))


def excerpt_in_frame(text: str, rng: random.Random, *, share: tuple[float, float] = (0.3, 0.5)) -> Variant:
    """Lift a passage of 30-50% of the story and wrap it in a few fresh opening and closing sentences."""
    sentences = _sentences(text)
    total = sum(len(s.split()) for s in sentences)
    target = rng.uniform(*share) * total
    starts = list(range(len(sentences)))
    rng.shuffle(starts)
    best: list[str] = []
    for start in starts:
        passage: list[str] = []
        count = 0
        for sentence in sentences[start:]:
            if count >= target:
                break
            passage.append(sentence)
            count += len(sentence.split())
        if share[0] * total <= count <= share[1] * total:
            best = passage
            break
        if count > sum(len(s.split()) for s in best):
            best = passage
    opening = rng.sample(FRAME_OPENINGS, rng.randint(2, 4))
    closing = rng.sample(FRAME_CLOSINGS, rng.randint(1, 3))
    body = _paragraphs(best, rng)
    return Variant("excerpt", " ".join(opening) + "\n\n" + body + "\n\n" + " ".join(closing))


def make_variants(text: str, names: list[str], *, seed: str) -> list[Variant]:
    """The eight disguised copies the evaluation uses for one original, reproducible from ``seed``."""

    def rng(kind: str) -> random.Random:
        return random.Random(f"{seed}:{kind}")

    protect = frozenset(names)
    out: list[Variant] = []
    out.append(spin(text, rng("spin"), rate=1 / 3, protect=protect))
    out.append(reorder(text, rng("reorder")))
    out.append(rename(text, names, rng("rename")))
    out.append(truncate(text, rng("truncate")))
    out.append(excerpt_in_frame(text, rng("excerpt")))

    r = rng("spin+rename+reorder")
    spun = spin(text, r, rate=0.25, protect=protect)
    out.append(
        Variant("spin+rename+reorder", reorder(rename(spun.text, names, r).text, r).text, spun.spin_rate)
    )

    r = rng("truncate+spin")
    spun = spin(truncate(text, r).text, r, rate=0.25, protect=protect)
    out.append(Variant("truncate+spin", spun.text, spun.spin_rate))

    r = rng("excerpt+rename+spin")
    spun = spin(rename(excerpt_in_frame(text, r).text, names, r).text, r, rate=0.2, protect=protect)
    out.append(Variant("excerpt+rename+spin", spun.text, spun.spin_rate))
    return out
