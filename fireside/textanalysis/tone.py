"""Tone flags for comments: blaming or mocking the storyteller, threats, harassment and insults.

Readers of personal stories mostly write kindly, and a few write "she deserved it" or "no wonder he left".
Moderators want those put in front of them with the reason, not hidden from them and not published unseen.

Two parts, combined as log-odds:

* **Hand-written cues**: phrases per category ("had it coming", "cry me a river", "I know where you live",
  "you're a pathetic liar"), each with a weight. A cue does not count when it is *negated* in its clause
  ("nobody deserves that", "it wasn't your fault"), *quoted* ("the people saying 'she deserved it'"), or
  *reported and rejected* ("he told you it was your fault for years. It never was."). Insults aimed at a
  third person in the story ("your husband sounds like an idiot") are not harassment of the storyteller.
* **A learned part**: naive Bayes counts (the same arithmetic as the spam filter, ``spam.score_features``)
  over the comment's words, word pairs and the cues it matched, taught by moderators' decisions: trashing a
  comment teaches "harmful", approving it or marking it "not harmful" teaches "fine". Its counts can live in
  database rows shared by every process; scoring needs only the counts of the features in front of it. It has
  no say until both classes have ``min_docs`` examples, and its weight is capped so a handful of decisions
  cannot drown the cues, but enough of them can silence a cue that keeps misfiring on a site or flag wording
  the cues do not know.

Pure Python, no Django imports: strings in, dataclasses out. Nothing is downloaded.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from fireside.textanalysis.spam import score_features

__all__ = [
    "CATEGORY_LABELS",
    "LEARNED",
    "ToneAssessment",
    "ToneReason",
    "assess_tone",
    "tone_features",
    "train_counts",
]

BLAME = "blame"
MOCKING = "mocking"
THREAT = "threat"
HARASSMENT = "harassment"
LEARNED = "learned"
CATEGORY_LABELS = {
    BLAME: "blames the storyteller",
    MOCKING: "mocks the storyteller",
    THREAT: "threatens someone",
    HARASSMENT: "insults or harasses",
    LEARNED: "worded like comments moderators removed",
}

MAX_CHARS = 5_000  # the comment form's limit; longer input is judged by its first 5,000 characters
MAX_WORD_FEATURES = 300
BIAS = 1.0  # cue weight a comment needs before it is flagged (log-odds 0 = probability 0.5)
LEARNED_CAP = 3.0  # the learned part moves the log-odds by at most this much either way
LEARNED_WEIGHT = 0.5  # naive Bayes log-odds are overconfident; halve them

STRONG, MEDIUM, WEAK = 2.5, 1.5, 0.6

_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})
_SENTENCE_END_RE = re.compile(r"[.!?\n]+|(?<=\s)[—–-](?=\s)")
# Quoted passages: double quotes anywhere; single quotes only at word edges so "you're" is no quotation.
_QUOTED_RE = re.compile(r"\"[^\"\n]{1,200}\"|(?<![\w])'[^'\n]{2,200}'(?![\w])")
_WORD_RE = re.compile(r"[^\W_]{2,40}")
# Function words say nothing about tone and, with few decisions, drown the learned part in noise.
_STOPWORD_TEXT = (
    "a an the and or but if so of to in on at by for with from as is are was were be been being am it its "
    "this that these those there here then than i me my we us our you your yours he him his she her they them "
    "their what which who whom when where why how all any some no not do does did done have has had having "
    "will would can could should shall may might must just very too also about into over after before up down "
    "out off again once more most other such only own same s t ll ve re d m don didn doesn isn wasn aren"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_THIRD_PARTY_SENSITIVE = frozenset({"insult-noun", "insult-person", "she-is", "what-a-insult"})
MIN_FEATURE_DOCS = 2  # a word seen in one decision is an anecdote, not evidence

_NEGATORS = re.compile(
    r"\b(?:not|never|no|nobody|noone|nothing|none|neither|nor|hardly|without|stop|don'?t|doesn'?t|didn'?t|"
    r"isn'?t|wasn'?t|aren'?t|weren'?t|won'?t|wouldn'?t|can'?t|cannot|shouldn'?t|let anyone|ignore)\b|"
    r"\bno one\b|n't\b"
)
# Someone else's words being reported: "he told you it was your fault", "people who say she deserved it".
_REPORTING = re.compile(
    r"\b(?:told|tells|telling|tell)\s+(?:me|you|her|him|us|them)\b|"
    r"\b(?:people|anyone|anybody|those|everyone|someone|somebody|whoever|folk|ones)\s+(?:who|that)\s+(?:\w+\s+)?"
    r"(?:say|says|said|saying|think|thinks|thought|claim|claims|tell|tells|call|calls|believe|believes|reckon|"
    r"reckons|write|writes|comment|comments)\b|"
    r"\b(?:they|he|she|people|everyone|mum|mom|dad|ex|father|mother|grandmother|nan|family|others)\s+"
    r"(?:\w+\s+)?(?:said|says|say|used to say|called|call|kept saying|told)\b|"
    r"\bused to (?:say|tell)\b|\bbrigade\b|\bcrowd\b|\bthe word\b|\bthe line\b|\bcomments? (?:like|saying)\b|"
    r"\bis what (?:they|he|she|people)\b|\bcall you\b"
)
# What follows a cruel phrase to reject it: "... is such a cruel thing to say", "... are wrong".
_REJECTION = re.compile(
    r"^\W*(?:is|are|was|were)\s+(?:so\s+|just\s+|a\s+|such\s+a\s+|plain\s+|simply\s+)*(?:wrong|cruel|vile|"
    r"disgusting|nonsense|rubbish|untrue|awful|horrible|not\s+true|a\s+lie)\b|"
    r"^\W*(?:is|was)\s+what\s+\w+\s+(?:told|tell|tells|said|say|says|kept|used)\b|\bshould\s+be\s+ashamed\b|"
    r"\bshame\s+on\b"
)
# A person in the story other than the storyteller, named before an insult in the same sentence.
_THIRD_PARTY = re.compile(
    r"\b(?:your|my|the|that|this|his|her|their|our)\s+(?:\w+\s+)?(?:husband|wife|ex|boss|brother|sister|"
    r"father|dad|mum|mom|mother|stepfather|stepmother|stepdad|stepmum|teacher|neighbour|neighbor|landlord|"
    r"family|son|daughter|uncle|aunt|cousin|partner|boyfriend|girlfriend|colleague|manager|doctor|"
    r"system|council|court|school|hospital|police|grandfather|grandmother)\b|\b(?:he|him|they|them|men)\b"
)

_INSULT_NOUNS = (
    r"idiot|moron|imbecile|loser|liar|fraud|leech|freak|whore|slut|bitch|cow|old bag|nag|coward|thief|"
    r"scum|pig|clown|parasite|hypocrite|attention seeker|attention whore|gold digger|waste of space|"
    r"narcissist|psycho|joke of a \w+"
)
_INSULT_ADJECTIVES = (
    r"stupid|pathetic|disgusting|worthless|useless|vile|ugly|fat|lazy|bitter|insufferable|miserable|"
    r"mentally unstable|unhinged|deluded|delusional|dumb|selfish|spoilt|spoiled|entitled|awful|"
    r"terrible|horrible|nasty|repulsive|unbearable|cold"
)
_PERSON = r"woman|man|girl|boy|person|mother|mum|mom|wife|husband|writer|author|creature|human|excuse"
_FILLERS = (
    r"(?:(?:such|so|a|an|just|genuinely|clearly|the|absolute|absolutely|complete|completely|total|totally|"
    r"utter|utterly|really|truly|obviously|little|real|proper|bloody|nothing but|what)\s+)*"
)


@dataclass(frozen=True)
class _Cue:
    name: str
    category: str
    weight: float
    pattern: re.Pattern[str]


def _cue(name: str, category: str, weight: float, pattern: str) -> _Cue:
    return _Cue(name, category, weight, re.compile(pattern))


_SELF = r"(?:yourself|herself|himself|themselves|urself)"
_CUES: tuple[_Cue, ...] = (
    # --- Blaming the storyteller for what happened to them ---
    _cue(
        "deserved",
        BLAME,
        STRONG,
        r"\b(?:you|she|he|they|u|you all)\s+(?:totally\s+|fully\s+|really\s+|"
        r"so\s+|probably\s+)?deserved?\s+(?:it|this|that|what|everything|all of it|to lose|to be)\b",
    ),
    _cue(
        "got-deserved",
        BLAME,
        STRONG,
        r"\bgot\s+(?:exactly\s+|just\s+)?what\s+(?:you|she|he|they)\s+deserved?\b",
    ),
    _cue("like-you-deserve", BLAME, MEDIUM, r"\blike\s+(?:you|she|he)\s+deserved?\b"),
    _cue("had-it-coming", BLAME, STRONG, r"\bhad\s+it\s+coming\b"),
    _cue("asked-for-it", BLAME, STRONG, r"\b(?:asked|asking|begging)\s+for\s+it\b"),
    _cue("brought-on", BLAME, STRONG, rf"\bbrought\s+(?:it|this|that|all this|all of this)\s+on\s+{_SELF}\b"),
    _cue("own-fault", BLAME, STRONG, r"\b(?:your|her|his|their)\s+own\s+(?:damn\s+)?fault\b"),
    _cue(
        "your-fault",
        BLAME,
        STRONG,
        r"\b(?:it'?s|it\s+is|it\s+was|all|totally|entirely)\s+(?:all\s+)?your\s+fault\b",
    ),
    _cue("fault-plain", BLAME, WEAK, r"\byour\s+fault\b"),
    _cue(
        "no-wonder-left",
        BLAME,
        STRONG,
        r"\bno\s+wonder\s+(?:he|she|they|your\s+\w+|everyone|people)\s+"
        r"(?:\w+\s+)?(?:left|leave|cheated|strayed|walked|hit|hates?|don'?t|doesn'?t|won'?t|never|ran|"
        r"divorced|dumped|stopped)\b",
    ),
    _cue("no-wonder-end", BLAME, WEAK, r"\bno\s+wonder\s*(?:[.!]|$)"),
    _cue("what-expect", BLAME, MEDIUM, r"\bwhat\s+(?:did|do|else\s+did)\s+(?:you|she|he|they)\s+expect\b"),
    _cue("known-better", BLAME, MEDIUM, r"\bshould\s*(?:have|'ve|of)\s+known\s+better\b"),
    _cue(
        "only-blame",
        BLAME,
        STRONG,
        rf"\b(?:only\s+(?:have|has|got)\s+{_SELF}\s+to\s+blame|"
        rf"blame\s+(?:everyone|everybody|anyone)\s+(?:except|but)\s+{_SELF})\b",
    ),
    _cue("serves-right", BLAME, STRONG, r"\bserves?\s+(?:you|her|ya|u)\s+right\b"),
    _cue("serves-him-right", BLAME, WEAK, r"\bserves?\s+(?:him|them)\s+right\b"),
    _cue("playing-victim", BLAME, STRONG, r"\bplay(?:s|ing|ed)?\s+the\s+victim\b|\bvictim\s+card\b"),
    _cue("on-you", BLAME, MEDIUM, r"\bthat'?s\s+on\s+(?:you|her)\b"),
    _cue("what-happens-when", BLAME, MEDIUM, r"\b(?:that'?s|this\s+is)\s+what\s+happens\s+when\s+you\b"),
    _cue("made-bed", BLAME, STRONG, r"\bmade\s+your\s+bed\b"),
    _cue("karma", BLAME, MEDIUM, r"\bkarma\b"),
    _cue("drove-him", BLAME, STRONG, r"\b(?:drove|pushed)\s+(?:him|her|them)\s+(?:to\s+it|away|out)\b"),
    _cue(
        "because-you",
        BLAME,
        MEDIUM,
        r"\b(?:left|cheated|strayed|hit\s+you|drank|walked\s+out)\s+because\s+(?:of\s+)?you\b",
    ),
    _cue("pushed-away", BLAME, MEDIUM, r"\byou\s+pushed\s+\w+\s+away\b"),
    _cue("let-happen", BLAME, MEDIUM, r"\b(?:you|she)\s+(?:let|allowed)\s+(?:it|this)\s+(?:to\s+)?happen\b"),
    _cue(
        "chose",
        BLAME,
        MEDIUM,
        r"\byou\s+(?:did\s+)?(?:chose|choose)\s+(?:him|her|this|it|that)\b|"
        r"\byou\s+made\s+(?:every\s+one\s+of\s+)?(?:those|these)\s+choices\b",
    ),
    _cue("takes-two", BLAME, MEDIUM, r"\bit\s+takes\s+two\b|\bleaving\s+out\s+your\s+part\b"),
    _cue("his-side", BLAME, MEDIUM, r"\bi'?m\s+on\s+(?:his|her|their)\s+side\b"),
    _cue(
        "no-sympathy",
        BLAME,
        MEDIUM,
        r"\b(?:don'?t|can'?t|cannot|do\s+not)\s+feel\s+(?:sorry|bad)\s+for\s+"
        r"(?:you|her|someone|anyone|people)\b|\bno\s+sympathy\b",
    ),
    _cue("wants-it", BLAME, STRONG, r"\bwants?\s+to\s+be\s+treated\s+like\s+that\b"),
    _cue(
        "every-right",
        BLAME,
        MEDIUM,
        r"\b(?:had|has)\s+every\s+right\s+to\s+(?:leave|hit|cheat|go|walk|shout)\b",
    ),
    _cue(
        "if-you-had",
        BLAME,
        MEDIUM,
        r"\bif\s+(?:you|she)\s*(?:'?d|had|hadn'?t)\s+(?:just\s+|only\s+)?(?:not\s+)?"
        r"(?:kept|been|listened|stayed|gone|dressed|had|left|worn|drunk)\b",
    ),
    _cue(
        "would-not-happen",
        BLAME,
        MEDIUM,
        r"\b(?:none\s+of\s+this|it|this)\s+(?:would(?:n'?t|\s+not)|would\s+never)"
        r"\s+have\s+happened\b",
    ),
    _cue("dress-like", BLAME, MEDIUM, r"\b(?:dress(?:ed|es)?|dressing)\s+like\s+that\b"),
    _cue(
        "knew-what",
        BLAME,
        MEDIUM,
        r"\byou\s+knew\s+what\s+(?:he|she|they)\s+(?:was|were)\s+like\b|"
        r"\bmarried\s+(?:him|her|a\s+\w+)\s+anyway\b",
    ),
    _cue("surprised", BLAME, WEAK, r"\b(?:you'?re|act|acting|and\s+you'?re)\s+surprised\b"),
    _cue("attract-drama", BLAME, MEDIUM, r"\battracts?\s+drama\b"),
    _cue(
        "never-writer-fault", BLAME, STRONG, r"\bnever\s+the\s+(?:writer|author|storyteller|op)'?s?\s+fault\b"
    ),
    _cue("mirror", BLAME, MEDIUM, r"\blook\s+in\s+the\s+mirror\b"),
    _cue(
        "better-wife",
        BLAME,
        MEDIUM,
        r"\bif\s+you'?d\s+been\s+a\s+better\b|\bbeen\s+a\s+better\s+(?:wife|mother|husband|daughter)\b",
    ),
    _cue(
        "listen-parents", BLAME, WEAK, r"\bdon'?t\s+listen\s+to\s+your\s+(?:parents|mother|father|mum|dad)\b"
    ),
    _cue(
        "you-did-this", BLAME, MEDIUM, r"\byou\s+caused\b|\byou\s+could\s+have\s+walked\s+out\b|\bown\s+it\b"
    ),
    _cue("got-what-paid", BLAME, MEDIUM, r"\bgot\s+what\s+you\s+paid\s+for\b"),
    _cue("going-back", BLAME, WEAK, r"\b(?:kept|keep)\s+going\s+back\b|\bgoing\s+back\s+to\s+him\b"),
    # --- Mocking the storyteller or their pain ---
    _cue("boo-hoo", MOCKING, STRONG, r"\bboo+\s*-?\s*hoo+\b"),
    _cue("cry-river", MOCKING, STRONG, r"\bcry\s+me\s+a\s+river\b|\bcry\s+harder\b"),
    _cue(
        "violin",
        MOCKING,
        STRONG,
        r"\b(?:smallest|tiny|little)\s+violin|\bviolins?\s+(?:are\s+|is\s+)?playing\b|🎻",
    ),
    _cue("sob-story", MOCKING, STRONG, r"\bsob\s*-?\s*stor(?:y|ies)\b"),
    _cue("get-over-it", MOCKING, MEDIUM, r"\bget\s+over\s+(?:it|yourself)\b"),
    _cue("oh-no-anyway", MOCKING, STRONG, r"\boh\s+no\b.{0,60}\banyway\b"),
    _cue("poor-you", MOCKING, WEAK, r"\bpoor\s+(?:you|baby|thing|dear)\b"),
    _cue("oh-poor", MOCKING, MEDIUM, r"\boh\s+poor\s+(?:you|baby|thing|dear)\b|\bpoor\s+little\s+rich\b"),
    _cue(
        "nobody-cares",
        MOCKING,
        MEDIUM,
        r"\b(?:nobody|no\s+one|noone)\s+cares\b|\bmaybe\s+someone\s+will\s+care\b|"
        r"\banyone\s+cares\s+about\s+your\b",
    ),
    _cue("who-cares", MOCKING, WEAK, r"\bwho\s+cares\b"),
    _cue("drama-queen", MOCKING, MEDIUM, r"\bdrama\s+queen\b"),
    _cue("snowflake", MOCKING, MEDIUM, r"\bsnowflakes?\b|\btriggered\b"),
    _cue("first-world", MOCKING, STRONG, r"\bfirst\s+world\s+problems?\b"),
    _cue(
        "self-pity",
        MOCKING,
        MEDIUM,
        r"\bself\s*-?\s*pity(?:ing)?\b|\btake\s+yourself\s+(?:so\s+)?seriously\b",
    ),
    _cue("imagine", MOCKING, MEDIUM, r"\bimagine\s+(?:thinking|writing|crying|being|caring|complaining)\b"),
    _cue("laughing-run", MOCKING, MEDIUM, r"[😂🤣]{2,}|\bcrying\s+laughing\b"),
    _cue("hard-life", MOCKING, MEDIUM, r"\bsuch\s+a\s+(?:tragic|hard|tough|terrible)\s+life\b"),
    _cue("laughing", MOCKING, WEAK, r"\b(?:lo+l|lmf?ao+|rofl|ha(?:ha)+|hehe+)\b|[😂🤣]"),
    _cue("eye-roll", MOCKING, 0.9, r"🙄|\beye\s*-?\s*roll\b"),
    _cue(
        "medal",
        MOCKING,
        MEDIUM,
        r"\bhave\s+a\s+(?:medal|cookie|gold\s+star)\b|\bget\s+(?:this\s+\w+|her|him|yourself)\s+"
        r"a\s+(?:tissue|hobby|life|medal)\b|\bshould\s+we\s+all\s+clap\b|\bslow\s+clap\b",
    ),
    _cue("checks-notes", MOCKING, STRONG, r"\bchecks\s+notes\b"),
    _cue(
        "what-a-victim", MOCKING, MEDIUM, r"\bwhat\s+a\s+(?:victim|martyr|hero)\b|\bsuch\s+a\s+brave\s+hero\b"
    ),
    _cue("what-a-joke", MOCKING, WEAK, r"\bwhat\s+a\s+joke\b"),
    _cue("dramatic", MOCKING, 1.0, r"\b(?:so|this\s+is\s+so|how|very|overly)\s+dramatic\b"),
    _cue(
        "pathetic-story",
        MOCKING,
        STRONG,
        r"\b(?:pathetic|laughable|whiny|whiney)\s+(?:little\s+)?(?:story|piece|"
        r"article|essay)\b|\bwho\s+writes\s+this\s+(?:stuff|rubbish|garbage|drivel)\b",
    ),
    _cue("trophy", MOCKING, STRONG, r"\beveryone\s+gets\s+a\s+trophy\b"),
    _cue("crying-laughing", MOCKING, MEDIUM, r"\bnot\s+in\s+the\s+way\s+(?:the\s+author|you)\s+meant\b"),
    _cue("how-survive", MOCKING, WEAK, r"\bhow\s+did\s+you\s+(?:ever\s+)?survive\b"),
    _cue("tragic", MOCKING, WEAK, r"(?:^|[.!?]\s*)(?:so\s+)?tragic\s*[.!]"),
    _cue(
        "worse",
        MOCKING,
        MEDIUM,
        r"\b(?:millions|others|people)\s+have\s+it\s+(?:so\s+much\s+|much\s+|far\s+)?worse\b",
    ),
    _cue("karen", MOCKING, MEDIUM, r"\bkaren\b"),
    _cue("mirror-practice", MOCKING, MEDIUM, r"\bpracti[sc]e\s+(?:it|that)\s+in\s+the\s+mirror\b"),
    _cue("sweetie", MOCKING, WEAK, r",\s*(?:sweetie|sweetheart|hun|honey|darling)\b"),
    _cue("cant-be-serious", MOCKING, WEAK, r"\bcan'?t\s+be\s+serious\b"),
    _cue(
        "crying-over",
        MOCKING,
        WEAK,
        r"\bcrying\s+over\s+a\b|\bthree\s+(?:thousand\s+words|pages)\s+(?:about|over)\s+a\b",
    ),
    _cue("another-story", MOCKING, MEDIUM, r"\banother\s+(?:week|day),\s+another\b"),
    _cue("join-club", MOCKING, WEAK, r"\bjoin\s+the\s+club\b"),
    # --- Threats ---
    _cue(
        "know-where",
        THREAT,
        STRONG,
        r"\bi\s+know\s+where\s+(?:you|she|he|they)\s+(?:live|work|sleep)s?\b|\bi\s+know\s+your\s+(?:car|address|house)\b",
    ),
    _cue("watch-back", THREAT, STRONG, r"\bwatch\s+(?:your|yer)\s+back\b|\bone\s+eye\s+open\b"),
    _cue("regret", THREAT, STRONG, r"\byou'?(?:ll|\s+will)\s+(?:\w+\s+)?regret\b"),
    _cue("better-watch", THREAT, MEDIUM, r"\byou'?d?\s+better\s+(?:watch|sleep|be\s+careful|hope|run)\b"),
    _cue("coming-for", THREAT, STRONG, r"\b(?:i'?m|we'?re|i\s+am|we\s+are)\s+coming\s+for\s+you\b"),
    _cue(
        "someone-should",
        THREAT,
        STRONG,
        r"\b(?:someone|somebody|people)\s+(?:should|ought\s+to|needs?\s+to)\s+"
        r"(?:\w+\s+)?(?:shut\s+you|teach\s+you|give\s+you|hurt|beat|slap|sort\s+you|put\s+you|deal\s+with\s+you)\b",
    ),
    _cue("teach-lesson", THREAT, MEDIUM, r"\bteach\s+(?:you|her|him)\s+a\s+lesson\b"),
    _cue(
        "hope-harm",
        THREAT,
        STRONG,
        r"\bhope\s+(?:you|she|he|they|someone|somebody)\s+(?:\w+\s+)?(?:dies?|rots?|burns?|"
        r"suffers?|breaks?|hurts?|gets?\s+hurt|finds\s+you|comes\s+back\s+for|gets?\s+what'?s\s+coming|"
        r"finishes|get\s+what\s+you\s+deserve)\b",
    ),
    _cue(
        "die",
        THREAT,
        STRONG,
        r"\b(?:kill|hang|off)\s+yourself\b|\bkys\b|\bgo\s+(?:and\s+)?die\b|\bdrop\s+dead\b",
    ),
    _cue("finish-job", THREAT, STRONG, r"\bfinish(?:es|ed)?\s+the\s+job\b"),
    _cue("make-sure", THREAT, MEDIUM, r"\bi'?(?:ll|\s+will)\s+make\s+(?:sure|your\s+life)\b"),
    _cue("see-what-happens", THREAT, MEDIUM, r"\b(?:and|then)\s+see\s+what\s+happens\b"),
    _cue(
        "find-you",
        THREAT,
        STRONG,
        r"\bi'?(?:m|\s+am)\s+going\s+to\s+find\s+(?:you|out\s+who\s+you)\b|"
        r"\bif\s+i\s+(?:ever\s+)?(?:find|see|catch)\s+(?:out\s+who\s+)?you\b",
    ),
    _cue("coming-to-you", THREAT, MEDIUM, r"\bwhat'?s\s+coming\s+to\s+(?:you|her|him)\b"),
    _cue(
        "finished",
        THREAT,
        MEDIUM,
        r"\byou'?re\s+(?:so\s+)?finished\b|\byou\s+won'?t\s+walk\s+away\b|"
        r"\bend\s+up\s+hurt\b",
    ),
    _cue("your-door", THREAT, STRONG, r"\bat\s+your\s+(?:door|house|work)\b|\bpost\s+your\s+address\b"),
    _cue("careful-write", THREAT, MEDIUM, r"\bcareful\s+what\s+you\s+(?:write|say|post)\b"),
    _cue("burn-house", THREAT, STRONG, r"\b(?:burns?|burn\s+down)\b.{0,30}\bwith\s+you\s+in\s+it\b"),
    _cue("will-pay", THREAT, STRONG, r"\b(?:you|your\s+\w+)\s+will\s+pay\b|\bwill\s+pay\s+for\s+this\b"),
    _cue(
        "break-legs",
        THREAT,
        STRONG,
        r"\bbreaks?\s+your\s+(?:legs|neck|face|arms)\b|\bgood\s+(?:beating|hiding|slap)\b",
    ),
    _cue("life-hell", THREAT, STRONG, r"\bmake\s+your\s+life\s+(?:hell|a\s+misery)\b"),
    _cue("everyone-sees", THREAT, MEDIUM, r"\beveryone\s+at\s+your\s+(?:work|job|school)\b"),
    _cue("shut-for-good", THREAT, STRONG, r"\bshut\s+(?:you|her|him)\s+up\s+for\s+good\b"),
    # --- Insults and harassment aimed at the storyteller ---
    _cue(
        "you-are-insult",
        HARASSMENT,
        STRONG,
        rf"\b(?:you'?re|you\s+are|ur|u\s+r|you\s+sound|you\s+look|you\s+seem)\s+"
        rf"(?:like\s+)?{_FILLERS}(?:(?:{_INSULT_ADJECTIVES}),?\s+(?:and\s+)?)*(?:{_INSULT_NOUNS}|{_INSULT_ADJECTIVES})\b",
    ),
    _cue(
        "you-insult",
        HARASSMENT,
        STRONG,
        rf"\byou\s+(?:(?:{_INSULT_ADJECTIVES})\s+)*(?:{_INSULT_NOUNS}|(?:{_INSULT_ADJECTIVES})"
        rf"\s+(?:{_PERSON}))\b",
    ),
    _cue(
        "what-a-insult",
        HARASSMENT,
        STRONG,
        rf"\b(?:what|such)\s+an?\s+(?:(?:{_INSULT_ADJECTIVES}),?\s+)*(?:{_INSULT_NOUNS}|"
        rf"(?:{_INSULT_ADJECTIVES})\s+(?:{_PERSON}))\b",
    ),
    _cue(
        "insult-person",
        HARASSMENT,
        MEDIUM,
        rf"\b(?:{_INSULT_ADJECTIVES}),?\s+(?:(?:{_INSULT_ADJECTIVES}),?\s+)*(?:and\s+)?"
        rf"(?:{_PERSON}|{_INSULT_NOUNS})\b",
    ),
    _cue("insult-noun", HARASSMENT, MEDIUM, rf"\b(?:{_INSULT_NOUNS})\b"),
    _cue("insult-like-you", HARASSMENT, STRONG, rf"\b(?:{_INSULT_NOUNS})\s+like\s+you\b"),
    _cue(
        "adjective-opening",
        HARASSMENT,
        MEDIUM,
        rf"(?:^|[.!?]\s+)(?:{_INSULT_ADJECTIVES})(?:,|\s+and\b|\s+inside\b)",
    ),
    _cue(
        "author-is",
        HARASSMENT,
        STRONG,
        rf"\b(?:this|the)\s+(?:author|writer|woman|girl|op)\s+is\s+{_FILLERS}"
        rf"(?:{_INSULT_NOUNS}|{_INSULT_ADJECTIVES})\b",
    ),
    _cue(
        "she-is",
        HARASSMENT,
        MEDIUM,
        rf"\b(?:she'?s|she\s+is|he'?s|he\s+is)\s+{_FILLERS}(?:{_INSULT_NOUNS})\b",
    ),
    _cue("shut-up", HARASSMENT, MEDIUM, r"\bshut\s+up\b"),
    _cue(
        "nobody-wants", HARASSMENT, MEDIUM, r"\b(?:nobody|no\s+one)\s+(?:wants\s+to\s+(?:hear|read)|asked)\b"
    ),
    _cue(
        "go-away",
        HARASSMENT,
        MEDIUM,
        r"\bgo\s+away\b|\bget\s+lost\b|\bget\s+off\s+the\s+internet\b|"
        r"\bstop\s+(?:posting|writing)\b|\bdelete\s+(?:this|your\s+account)\b",
    ),
    _cue("go-back", HARASSMENT, STRONG, r"\bgo\s+back\s+to\s+where\s+you\s+came\s+from\b"),
    _cue(
        "everyone-hates",
        HARASSMENT,
        STRONG,
        r"\b(?:everyone|everybody)\s+who\s+knows\s+you\s+(?:must\s+)?hates?\b|"
        r"\bno\s+one\s+could\s+stand\s+you\b|\bnobody\s+(?:likes|loves)\s+you\b",
    ),
    _cue("right-to-call", HARASSMENT, STRONG, r"\bright\s+to\s+call\s+you\b"),
    _cue("ugly-as", HARASSMENT, MEDIUM, r"\b(?:as\s+)?ugly\s+as\s+your\b"),
    _cue(
        "your-garbage",
        HARASSMENT,
        MEDIUM,
        r"\byour\s+(?:garbage|trash|drivel|whining|rubbish)\b|\bso\s+is\s+this\s+story\b",
    ),
    _cue("get-help", HARASSMENT, MEDIUM, r"\bget\s+help\s+and\s+stop\b|\bmentally\s+(?:ill|unstable)\b"),
    _cue(
        "worst-person",
        HARASSMENT,
        MEDIUM,
        r"\bworst\s+person\b|\bworse\s+writer\b|\bterrible\s+(?:mother|wife|person)\b",
    ),
)


@dataclass(frozen=True)
class ToneReason:
    """Why a comment was flagged: a category, its plain-words label and the phrases that showed it."""

    category: str
    label: str
    evidence: tuple[str, ...]

    @property
    def text(self) -> str:
        if not self.evidence:
            return self.label
        return f"{self.label} ({', '.join(f'“{phrase}”' for phrase in self.evidence)})"


@dataclass(frozen=True)
class ToneAssessment:
    """``flagged`` when the combined ``probability`` reaches the threshold; ``reasons`` say why."""

    flagged: bool
    reasons: tuple[ToneReason, ...]
    probability: float
    cue_log_odds: float
    learned_log_odds: float | None  # None while the learned part has too few decisions to have a say

    @property
    def summary(self) -> str:
        return "; ".join(reason.text for reason in self.reasons)


@dataclass(frozen=True)
class _Hit:
    cue: _Cue
    phrase: str


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    text = _INVISIBLE_RE.sub("", text).translate(_QUOTES).casefold()
    return re.sub(r"[ \t\r\f\v]+", " ", text)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(left <= start and end <= right for left, right in spans)


def _discounted(
    text: str, start: int, end: int, ends: list[int], quoted: list[tuple[int, int]], cue: _Cue
) -> bool:
    """True when a cue is negated, quoted, or someone else's words reported and rejected (or reported at all)."""
    if _inside(quoted, start, end):
        return True
    index = bisect.bisect_right(ends, start)
    sentence_start = ends[index - 1] if index else 0
    sentence_end = ends[index] if index < len(ends) else len(text)
    before = text[max(sentence_start, start - 200) : start]
    # Negation: the last few words of the clause before the cue ("nobody deserves", "it wasn't your fault").
    clause = re.split(r"[,;:]", before)[-1]
    window = " ".join(clause.split()[-4:])
    if _NEGATORS.search(window):
        return True
    if _REPORTING.search(before):
        return True
    # "Your husband sounds like an idiot": an insult of someone else in the story, not of the storyteller.
    if cue.name in _THIRD_PARTY_SENSITIVE and _THIRD_PARTY.search(before):
        return True
    after = text[end:sentence_end].lstrip(" \"'")
    return cue.category != THREAT and _REJECTION.search(after) is not None


def _sentence_ends(text: str) -> list[int]:
    return [match.end() for match in _SENTENCE_END_RE.finditer(text)]


def _cue_hits(text: str) -> list[_Hit]:
    ends = _sentence_ends(text)
    quoted = _spans(_QUOTED_RE, text)
    hits: list[_Hit] = []
    for cue in _CUES:
        for match in cue.pattern.finditer(text):
            start, end = match.span()
            if not _discounted(text, start, end, ends, quoted, cue):
                hits.append(_Hit(cue, match.group(0).strip(" .,!?")))
                break
    return hits


def _cue_log_odds(hits: list[_Hit]) -> float:
    # Overlapping cues of one category ("you're a pathetic liar" is also "insult-noun") add with diminishing
    # weight so one phrase is not counted three times over.
    total = 0.0
    for category in {hit.cue.category for hit in hits}:
        weights = sorted((hit.cue.weight for hit in hits if hit.cue.category == category), reverse=True)
        total += sum(weight / (rank + 1) for rank, weight in enumerate(weights))
    return total - BIAS


def _features(normalised: str, hits: list[_Hit]) -> set[str]:
    # Quoted words are someone else's: a reply quoting "she deserved it" must not count as saying it.
    unquoted = _QUOTED_RE.sub(" ", normalised)
    words = _WORD_RE.findall(unquoted)[: MAX_WORD_FEATURES * 2]
    features = {f"w:{word}" for word in words[:MAX_WORD_FEATURES] if word not in _STOPWORDS}
    features.update(
        f"p:{left}_{right}"
        for left, right in zip(words, words[1:], strict=False)
        if not (left in _STOPWORDS and right in _STOPWORDS)
    )
    features.update(f"cue:{hit.cue.name}" for hit in hits)
    return {feature[:100] for feature in features}


def tone_features(text: str) -> frozenset[str]:
    """What the learned part counts: words ("w:") and neighbouring word pairs ("p:") without the function
    words, and the cues the comment matched ("cue:"), so moderators can teach that a cue misfires."""
    normalised = _normalise(text)
    return frozenset(_features(normalised, _cue_hits(normalised)))


def assess_tone(
    text: str,
    *,
    counts: Mapping[str, tuple[int, int]] | None = None,
    counts_for: Callable[[frozenset[str]], Mapping[str, tuple[int, int]]] | None = None,
    harmful_docs: int = 0,
    fine_docs: int = 0,
    min_docs: int = 5,
    threshold: float = 0.5,
) -> ToneAssessment:
    """Assess one comment. ``counts`` maps features (see ``tone_features``) to (harmful, fine) counts of the
    moderators' decisions; ``harmful_docs``/``fine_docs`` are how many decisions of each kind there were.
    ``counts_for`` instead loads the counts of just the comment's features (one database query), so the text
    is scanned once."""
    normalised = _normalise(text)
    hits = _cue_hits(normalised)
    cue_log_odds = _cue_log_odds(hits)
    learned: float | None = None
    learned_evidence: tuple[tuple[str, float], ...] = ()
    if (counts is not None or counts_for is not None) and harmful_docs >= min_docs and fine_docs >= min_docs:
        features = _features(normalised, hits)
        counts = counts_for(frozenset(features)) if counts_for is not None else (counts or {})
        known = {
            feature: pair
            for feature in features
            if (pair := counts.get(feature)) is not None and pair[0] + pair[1] >= MIN_FEATURE_DOCS
        }
        score = score_features(
            known, counts=known, spam_docs=harmful_docs, ham_docs=fine_docs, min_docs=min_docs,
            max_evidence=15,
        )  # fmt: skip
        raw = math.log(max(score.probability, 1e-12) / max(1.0 - score.probability, 1e-12))
        learned = max(-LEARNED_CAP, min(LEARNED_CAP, LEARNED_WEIGHT * raw))
        learned_evidence = score.evidence
    log_odds = cue_log_odds + (learned or 0.0)
    probability = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, log_odds))))
    flagged = probability >= threshold
    reasons: list[ToneReason] = []
    if flagged:
        for category in (THREAT, HARASSMENT, BLAME, MOCKING):
            phrases = tuple(dict.fromkeys(hit.phrase[:60] for hit in hits if hit.cue.category == category))
            if phrases:
                reasons.append(ToneReason(category, CATEGORY_LABELS[category], phrases[:3]))
        if not reasons or (learned is not None and learned > 0 and cue_log_odds < 0):
            telling = tuple(
                feature.split(":", 1)[1].replace("_", " ")
                for feature, weight in learned_evidence
                if weight > 0 and not feature.startswith("cue:")
            )[:3]
            reasons.append(ToneReason(LEARNED, CATEGORY_LABELS[LEARNED], telling))
    return ToneAssessment(flagged, tuple(reasons), probability, cue_log_odds, learned)


def train_counts(
    samples: Iterable[tuple[str, bool]],
) -> tuple[dict[str, tuple[int, int]], int, int]:
    """Counts from (text, harmful) pairs, as a site's moderators' decisions would build them (for tests and
    benchmarks; the Django side keeps the same counts in database rows)."""
    counts: dict[str, tuple[int, int]] = {}
    harmful_docs = fine_docs = 0
    for text, harmful in samples:
        if harmful:
            harmful_docs += 1
        else:
            fine_docs += 1
        for feature in tone_features(text):
            bad, good = counts.get(feature, (0, 0))
            counts[feature] = (bad + 1, good) if harmful else (bad, good + 1)
    return counts, harmful_docs, fine_docs
