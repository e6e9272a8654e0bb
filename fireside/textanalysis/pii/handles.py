"""Social-media handles and the names of online accounts, pages and channels.

People mention accounts in endless ways ("my Insta is jane.doe91", "she streams as xXJieStormXx", "look up
tidepoolteodora on Snapchat", "a page called Rebuild Jacmel Now"). A pattern per phrasing never caught up: each
blind batch of stories brought phrasings the last rules had not seen. So the finder weighs evidence instead:

1. **Shapes prose never has** are handles wherever they stand: "@name", "u/name", inner underscores, Discord
   tags ("name#1234"), letters run into a number ("ffrind1998"), camel case that starts small or has many humps
   ("mamaTanKL", "ZaraBakesAtMidnight").
2. **Account sentences** name a platform (regional apps too: Zalo, LINE, KakaoTalk, VK...) or an online thing
   (account, username, channel, stream, followers...). In them weaker shapes count too (an inner dot or
   capital, a dash with a number), and so does a word that is not English right after a naming cue ("as",
   "is", "called", "under the name", a colon, a bracket) or right before "on <platform>": "linhtranlaw".
3. **Page names**: after a page-type noun and a naming cue ("a fundraiser called", "her shop page is", "a
   podcast about them,") a run of capitalised words names the page: "Little Kayden's Fight". A run made only
   of known personal names is left to the name finder ("on her page, Maria Lopez wrote").

The finder leans towards recall: the writer sees every finding and keeps what is not identifying.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Iterator
from functools import cache

from .contact import occurrences
from .lexicon import (
    STOPWORDS,
    dictionary_words,
    english_words,
    family_names,
    fold,
    frequent_words,
    given_names,
    word_list,
)
from .model import Finding

HANDLE_REPLACEMENT = "[social handle]"

# Platforms whose names are not ordinary words, matched in any case. Regional and niche apps are here because
# a writer's community is often on them: a story set in Vietnam mentions Zalo, not WhatsApp.
_PLATFORMS_ANY_CASE = frozenset(
    word_list(
        """instagram insta tiktok twitter tweet tweets tweeted snapchat reddit subreddit tumblr bluesky bsky mastodon
        facebook discord twitch youtube youtuber pinterest linkedin kik venmo cashapp paypal substack github
        gitlab xbox psn playstation roblox minecraft fortnite whatsapp wechat weibo douyin xiaohongshu bilibili
        kakaotalk kakao naver zalo viber skype onlyfans patreon ko-fi gofundme justgiving crowdfunder etsy ebay
        depop vinted poshmark shopee lazada tokopedia jumia gumtree craigslist nextdoor mumsnet quora wattpad ao3
        deviantart flickr vimeo soundcloud bandcamp spotify letterboxd goodreads strava duolingo lichess tinder
        grindr okcupid badoo muzmatch shaadi hellotalk bereal lemon8 vk vkontakte odnoklassniki myspace bebo
        livejournal blogger wordpress linktree cameo dailymotion valorant fb ig yt tiktoker instagrammer
        snapstreak carousell olx mercadolibre mercadolivre jiji nairaland taobao douban cyworld mixi ameba ameblo
        plurk dcard trovo genshin pubg overwatch warzone habbo neopets nintendo feeld muzz jeevansathi
        bharatmatrimony tantan happn lovoo zoosk eharmony kickstarter indiegogo mixcloud audiomack dreamwidth
        vsco parler odysee bitchute omegle yubo wizz threema botim bigo likee roposo chingari triller dubsmash
        periscope netmums mercari wallapop leboncoin avito kijiji shpock trendyol sahibinden dubizzle zelle
        revolut monzo gcash m-pesa mpesa paytm phonepe xing fansly niconico guilded teamspeak sharechat
        messenger"""
    )
)
# Platforms whose names are also words ("a kick", "the line", "threads of cotton"): only when capitalised.
_PLATFORMS_CAPITALISED = frozenset(
    word_list(
        """X IG FB LINE Line Snap Signal Threads Steam Telegram Medium Hinge Bumble Clubhouse Kick Rumble Vine QQ
        POF OLX Allegro Match Slack VK"""
    )
)
# Words that make a sentence about life online, so that weaker handle evidence counts in it.
_ONLINE_WORDS = frozenset(
    word_list(
        """account accounts handle handles username usernames screenname gamertag gamertags profile profiles page
        pages channel channels podcast podcasts stream streams streamed streaming streamer streamers livestream
        followers follower following follows followed unfollowed subscribers dm dms inbox online app apps server
        servers forum forums blog blogs blogger vlog vlogs vlogger bio fundraiser moderator mod post posts posted
        reposted repost feed website internet socials tagged selfie selfies guild clan comments commented
        messaged gamer gaming influencer alias"""
    )
)
# Two-word cues, found by their first word.
_ONLINE_PHRASES = (
    *("user name", "screen name", "gamer tag", "social media", "group chat", "go fund me", "friend request"),
    *("plenty of fish", "mercado libre", "cash app", "league of legends", "buy me a coffee", "display name"),
)

# Nouns whose name a capitalised run after a naming cue may be ("a fundraiser called Little Kayden's Fight").
_PAGE_NOUNS = (
    r"page|channel|podcast|fundraiser|gofundme|justgiving|crowdfunder|blog|vlog|server|forum|newsletter"
    r"|substack|shop|store|boutique|group|community|stall|clan|guild|squad|crew|team|account|profile|show"
    r"|series|chat"
)  # only looked for in account sentences, so "a shop called Bargain Buys" on its own is left alone
_PAGE_NAME_CUE = re.compile(
    rf"(?=[abcfgjnpstvABCFGJNPSTV])\b(?P<noun>{_PAGE_NOUNS})s?\b"
    r"(?P<gap>(?:[ \t]+(?:on[ \t]+[A-Z][\w-]*|[a-z][\w'’]*)){0,5}?)"
    r"(?:(?:[ \t]*,)?[ \t]+(?:(?:is|was|became)(?:[ \t]+(?:called|named|titled))?|called|named|titled)\b"
    r"|[ \t]*[:(—–]|(?P<comma>[ \t]*,)|(?<![ \t]on)(?P<bare>[ \t]+(?=[\"“‘']?(?-i:[A-Z]))))[ \t]*(?P<quote>[\"“‘'])?",
    re.IGNORECASE,
)
# Lower-case words a page name may hold between its capitalised words: "Safer Screens with Sunita".
_NAME_CONNECTORS = frozenset(
    word_list(
        """of the with for from by about under over into and & de del della la le les du da das do dos di y e a
        an in on at to my our von van no"""
    )
)
_QUOTED = re.compile(r"(?<![\w'’])([\"“‘'])(?P<inner>[^\W_][^\"”’'\n]{0,48}[\w.!?])[\"”’'](?!\w)")
# What may follow a page name given without "called": punctuation, or a word that starts a new clause.
# "her Instagram, Cakes by Candice,", "his YouTube channel is called Pescaria com Digão".
_PLATFORM_PAGE_CUE = re.compile(
    r"(?:[ \t]+(?:account|page|profile|channel|shop|store|group))?"
    r"(?:(?P<named>[ \t]+(?:(?:is|was)(?:[ \t]+(?:called|named))?|called|named)\b)|[ \t]*[,:(—–])"
    r"[ \t]*(?P<quote>[\"“‘'])?(?=[\"“‘']?(?-i:[A-Z]))",
    re.IGNORECASE,
)
_WORD_AT = re.compile(r"[\w-]+")
_RUN_WORD_PATTERN = r"(?:[A-Z][\w'’&-]*|\d+)"
# "the Save Our Library campaign page": a word that says what kind of page it is.
_PAGE_KINDS = (
    "(?:campaign|fan|support|memorial|tribute|appeal|fundraising|community|parents|residents|family|news)"
)
_PAGE_NOUN = re.compile(rf"(?=[abcfgjnpstvABCFGJNPSTV])\b(?:{_PAGE_NOUNS})s?\b", re.IGNORECASE)
_RUN_LINKS = "of|the|for|and|&|de|la|da|di|du|w|no|con|com|in|on|at"
_RUN_BEFORE_NOUN = re.compile(
    rf"(?<![\w'’])(?P<run>{_RUN_WORD_PATTERN}(?:[ \t]+(?:{_RUN_WORD_PATTERN}|{_RUN_LINKS}))*)"
    rf"(?<![ \t])[ \t]+(?:(?P<platform>[A-Z][\w-]*)[ \t]+)?(?:{_PAGE_KINDS}[ \t]+)?$"
)
_ON_THERE_AS = re.compile(r"(?:\b(?P<where>there|online|the\s+app)|\b(?P<platform>[\w-]+))[ \t]+as[ \t]+$")
_LOOK_FOR = re.compile(
    r"(?=[aflsAFLS])\b(?:follow|search(?:\s+for)?|find|look\s+(?:up|for)|check\s+out|add)[ \t]+(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"[ \t]*(?:[,.;:!?()\[\]—–\"”’']|$|(?:and|or|but|which|where|that|who|on|in|with|for|to|until|when)\b)"
)
_RUN_BREAKERS = frozenset(word_list("I Mr Mrs Ms Miss Dr"))
_RUN_WORD = re.compile(r"[^\W\d_][\w'’.-]*(?<![.'’])|\d+|&")

_AT_HANDLE = re.compile(r"@(?<![\w@./+-]@)[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?")
_REDDIT_USER = re.compile(r"(?<![\w/])/?[ur]/[A-Za-z0-9_-]{3,21}(?![\w/-])")  # a user, or a subreddit
# Prose never joins words with an underscore, and "name#1234" is a Discord tag: both are handles anywhere.
_UNDERSCORED_OR_TAGGED = re.compile(
    r"(?<![\w@./:#-])(?=[\w.]*[A-Za-z])[A-Za-z0-9](?:\w|\.(?=\w))*?(?:_[A-Za-z0-9]\w*|#\d{4})(?![\w@/-]|\.\w)"
)
# A token as handles are written: letters, digits, and inner dots, dashes or underscores.
_TOKEN = re.compile(r"(?<![\w@/#.-])\w(?:[\w.-]*\w)?(?![\w@/])")
# A token that is not a plain word: digits, dots, dashes, underscores or a capital after the first letter.
_ODD_CHARACTER = re.compile(r"[A-Z\d_](?<=[a-z][A-Z]|\w\d|\w_)|[.-](?<=\w[.-])(?=\w)")
_TOKEN_BEFORE = re.compile(r"(?<![\w@/#.-])\w(?:[\w.-]*\w)?$")
# Where a strong shape may start: a small letter before a capital, or a letter before a digit.
# (Each pattern starts with the rarer second character and looks behind for the first: the engine then skips
# ahead in C to capitals and digits, four times faster than starting at every small letter.)
_SHAPE_HINT = re.compile(r"[A-Z\d](?<=[a-z][A-Z]|[A-Za-z]\d)")
_INNER_DOT = re.compile(r"\.(?<=[a-z0-9]\.)(?=[a-z0-9])")
_HUMP = re.compile(r"[a-z][A-Z]")
_PUNCTUATION_TO_SPACE = str.maketrans(dict.fromkeys(string.punctuation.replace("-", "") + "?", " "))
_CUE_WORDS_LOWER = _PLATFORMS_ANY_CASE | _ONLINE_WORDS | frozenset(w.lower() for w in _PLATFORMS_CAPITALISED)
_SENTENCE_END = re.compile(r"[.!?…](?=[\s\"'”’)\]]|$)|\n")
_FILE_EXTENSIONS = frozenset(
    word_list(
        "jpg jpeg png gif pdf doc docx txt mp3 mp4 mov wav zip exe html htm xls xlsx csv ppt pptx heic webp"
    )
)
# Camel-case words that are brands or names, not handles: "iPhone", "YouTube", "McDonald", "DeShawn".
_CAMEL_WORDS = frozenset(
    fold(word)
    for word in word_list(
        """iPhone iPad iPod iMac iMessage iTunes iCloud eBay eHarmony YouTube TikTok PayPal LinkedIn WhatsApp
        GoFundMe JustGiving CashApp PlayStation OnlyFans KakaoTalk HelloTalk BeReal WeChat GitHub GitLab
        SoundCloud DeviantArt WordPress LiveJournal MySpace FaceTime PowerPoint JavaScript McDonald McDonalds
        McDonald's MasterCard FedEx SpongeBob PhD BlackBerry SkyDive AirPods AirBnB Airbnb NatWest EasyJet
        JetBlue LinkedIn CrossFit WiFi TripAdvisor OkCupid DoorDash UberEats SnapChat InstaStory"""
    )
)
# After "Mc", "De", "La"... a capital is part of a personal name, not a hump of a handle.
_NAME_PREFIX = re.compile(
    r"(?:Mc|Mac|De|Di|Da|Du|La|Le|Lo|Van|Von|O|Fitz|St|Ja|Ke|Jo|Ta|Sha|Ra|Ka|Dar|Mar)[A-Z]"
)
_SHAPE_EXCEPTIONS = frozenset(
    word_list("covid windows office galaxy pixel iphone ipad note year grade level page")
)

_OPEN = r"[ \t]*[\"“‘'(]?[ \t]*"
# Cues that name what follows: "as", "is", "called", "under", a colon or an opening bracket. Each pattern is
# run forwards once over an account sentence; the token that starts where a match ends follows the cue.
# Each starts with a look-ahead for the first letters of its words, so that the regex engine skips other
# positions in C: that made the scans two to three times faster.
_CUE = re.compile(
    r"(?=[abcdfhijlmnstuwyABCDFHIJLMNSTUWY:(=—–])(?:\b(?:as|is|was|are|were|be|called|named|titled|under|by|signed|signs|signing|became|become|"
    r"name|handle|username|tag|id|it['’]s|i['’]m|she['’]s|he['’]s|they['’]re|you['’]re|still|now|just|at"
    r"|for|from|follow|follows|followed|add|find|search|try|message|dm|check\s+out|look\s+up|look\s+for"
    r"|herself|himself|themselves)\b"
    rf"|[:(=—–]){_OPEN}",
    re.IGNORECASE,
)
# Account nouns that vouch even for an English word: "her username is sunflower", "my gamertag: Kestrel".
_ACCOUNT_NOUN_CUE = re.compile(
    r"(?=[acdfghipsuACDFGHIPSU])\b(?:handle|user\s?name|screen\s?name|gamer\s?tag|display\s+name|profile\s+name|account\s+name"
    r"|channel\s+name|shop\s+name|friend\s+code|ID)s?"
    r"(?:\s+(?:is|was|were|are|became|is\s+still|was\s+still|is\s+now|was\s+now)\b|\s*[:=(,]|(?=[ \t]*[\"“‘']))"
    rf"{_OPEN}",
    re.IGNORECASE,
)
# Phrases that introduce a name a person goes by: they vouch for a capitalised word that is not a personal
# name ("under the name Kestrel"), though not for an English one ("signed her letters with love").
_NAMING_CUE = re.compile(
    r"(?=[bcgknpstuwBCGKNPSTUW])\b(?:(?:under|by|uses|used|use|using|with|chose|picked)\s+the\s+name(?:\s+of)?|(?:goes|went|go)\s+by(?:\s+the\s+name(?:\s+of)?)?"
    r"|known(?:\s+online)?\s+as|signed(?:\s+(?:as|herself|himself|themselves|it|off\s+as))?"
    r"|signs(?:\s+(?:as|off\s+as))?"
    r"|(?:posts|posted|post|streams|streamed|stream|plays|played|play|games|gamed|writes|wrote)"
    r"(?:\s+on\s+\w+|\s+online|\s+there)?\s+as|(?:called|named|titled)\s+it)\b"
    rf"[ \t]*[:,(]?{_OPEN}",
    re.IGNORECASE,
)
# "His Steam name is Kestrel": a platform's own word for the account name.
_PLATFORM_NAME_CUE = re.compile(
    rf"\b(?P<platform>[\w-]+)[ \t]+(?:user\s?)?name[ \t]+(?:is|was)\b{_OPEN}", re.IGNORECASE
)
# "...now, gwlanagwen": a comma counts as a cue when a platform or account word came just before.
_COMMA_CUE = re.compile(rf",{_OPEN}")
_AFTER_STARTS = (" on ", " at ", " via ", " over ")
_AFTER_MARKER = re.compile(r" (?:on|at|via|over) ")
_ON_PLATFORM_AFTER = re.compile(
    r"[ \t]+(?:on|at|over\s+on|via)[ \t]+(?:(?P<word>[\w.-]+)|the\s+app|there)\b", re.IGNORECASE
)
# Words after a strong cue that describe the account rather than name it: "her username is private".
_DESCRIPTIVE = frozenset(
    word_list(
        """private public locked deleted gone banned suspended dead inactive active open closed same different
        long short new old hidden weird silly embarrassing ridiculous funny cringe cringey obvious anonymous fake
        real basically mostly literally really very pretty quite unchanged lovely nice cute always never probably
        definitely still now just also something anything nothing changed different"""
    )
)


@cache
def _personal_names() -> frozenset[str]:
    return given_names() | family_names()


def _is_english_word(word: str) -> bool:
    """True for a common word or a plain inflection of one ("cats", "posted", "posting", "mostly")."""
    key = fold(word)
    words = dictionary_words()
    if key in words or key in STOPWORDS:
        return True
    return any(
        key.endswith(ending) and len(key) - len(ending) >= 3 and key[: -len(ending)] in words
        for ending in ("s", "es", "ed", "d", "ing", "ly", "er", "est", "'s", "’s")
    )


def _humps(token: str) -> int:
    """How many times a small letter is followed by a capital: "ZaraBakesAtMidnight" has three."""
    return len(_HUMP.findall(token))


def _strong_shape(token: str) -> bool:
    """A shape no prose word has, so a handle even outside any talk of accounts."""
    if fold(token) in _CAMEL_WORDS:
        return False
    letters = token.rstrip("0123456789")
    digits = len(token) - len(letters)
    if token.isalnum() and 2 <= digits <= 4 and letters.isalpha() and len(letters) >= 3:
        # "ffrind1998", "LupitaCocina81"; not "Covid19", "B12" or "Year9"
        return sum(c.islower() for c in letters) >= 2 and fold(letters) not in _SHAPE_EXCEPTIONS
    if not token.isalpha():
        return False
    humps = _humps(token)
    if humps >= 2:  # "ArjunPlaysFC", "RoseOfSylhet"
        return True
    # "mamaTanKL", "xXJieStormXx"; not "iPhone" or "eBay"
    return humps >= 1 and token[:2].islower() and not token[:2].isupper()


def _weak_shape(token: str) -> bool:
    """A shape that is a handle in a sentence about accounts: inner dots, one hump, dashes with a number."""
    if _strong_shape(token) or "_" in token:
        return True
    if fold(token) in _CAMEL_WORDS or token.isupper() or token.isdigit():
        return False
    if "." in token:
        parts = token.split(".")
        if parts[-1].lower() in _FILE_EXTENSIONS or all(len(p) <= 2 for p in parts):
            return False  # "photo.jpg", "p.m", "U.S"
        return all(parts) and token[0].isalpha() and sum(c.isalpha() for c in token) >= 4  # not "2.5kg"
    if "-" in token:
        # "quiet-otter-07", "sal-Writes"; not "covid-19", "eighty-one" or "mother-in-law"
        parts = token.split("-")
        mixed = any(_humps(p) or (any(c.isdigit() for c in p) and any(c.isalpha() for c in p)) for p in parts)
        numbered = any(p.isdigit() for p in parts) and sum(p.isalpha() for p in parts) >= 2
        return mixed or numbered
    if token.isalpha() and _humps(token) >= 1 and token[0].isupper():
        # "QuietOtter", "ArjunPlaysFC" but not "McDonald", "DeShawn", "LaToya"
        return _NAME_PREFIX.match(token) is None
    if token.isalnum() and any(c.isdigit() for c in token) and sum(c.isalpha() for c in token) >= 3:
        return not token[0].isdigit()  # "dani2lov", "k8lyn"; not "3rd" or "10am"
    return False


def _non_latin(token: str) -> bool:
    """A word in another script (Chinese, Cyrillic, Arabic...): after a cue in an English story, a name."""
    return len(token) >= 2 and token.isalpha() and not any("a" <= c.lower() <= "z" for c in token)


def _not_a_word(token: str) -> bool:
    """A lower-case run of letters that is no English word: "gwlanagwen", "linhtranlaw", "ffrind".

    Joined with dashes, three parts or more ("moth-and-lantern") or one part that is no word
    ("priyasharma-hr") is no English compound either; "mother-in-law" comes after "my", not after a cue.
    """
    if "-" in token and token.islower():
        parts = token.split("-")
        return all(p.isalpha() for p in parts) and (
            len(parts) >= 3 or any(len(p) >= 4 and not _is_english_word(p) for p in parts)
        )
    return len(token) >= 4 and token.isalpha() and token.islower() and not _is_english_word(token)


class _AccountContext:
    """Where the text talks about life online: platform mentions, account words, and their sentences."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = _ascii_lower(text)
        self.cues: list[int] = sorted(self._cue_positions())
        self._sentences: list[tuple[int, int]] | None = None

    def _cue_positions(self) -> Iterator[int]:
        # One split and a set intersection, then str.find for the few cue words present: a token loop over
        # a long story cost three milliseconds. (``lowered`` is ASCII, so the table covers every mark.)
        text, lowered = self.text, self.lowered
        for word in set(lowered.translate(_PUNCTUATION_TO_SPACE).split()) & _CUE_WORDS_LOWER:
            for position in occurrences(lowered, word):
                end = position + len(word)
                if (position and lowered[position - 1].isalnum()) or (
                    end < len(text) and lowered[end].isalnum()
                ):
                    continue
                if (
                    word in _PLATFORMS_ANY_CASE
                    or word in _ONLINE_WORDS
                    or text[position:end] in _PLATFORMS_CAPITALISED
                ):
                    yield position
        for phrase in _ONLINE_PHRASES:
            position = lowered.find(phrase)
            while position != -1:
                yield position
                position = lowered.find(phrase, position + 1)

    def sentences(self) -> list[tuple[int, int]]:
        """The (start, end) of every sentence holding a cue and of the sentence after it, merged where they
        touch: "I kept a cooking blog for years. I called it 'Michiko no Daidokoro'." """
        if self._sentences is None:
            ends = [m.end() for m in _SENTENCE_END.finditer(self.text)]
            spans: list[tuple[int, int]] = []
            for cue in self.cues:
                i = bisect.bisect_right(ends, cue)
                start = ends[i - 1] if i else 0
                end = ends[i + 1] if i + 1 < len(ends) else len(self.text)
                if spans and spans[-1][1] >= start:
                    spans[-1] = (spans[-1][0], max(spans[-1][1], end))
                else:
                    spans.append((start, end))
            self._sentences = spans
        return self._sentences

    def is_platform(self, word: str) -> bool:
        return word.lower() in _PLATFORMS_ANY_CASE or word in _PLATFORMS_CAPITALISED

    def cue_just_before(self, position: int, reach: int = 40) -> bool:
        """Whether a platform or account word ends within ``reach`` characters before ``position``."""
        i = bisect.bisect_left(self.cues, position)
        return i > 0 and position - self.cues[i - 1] <= reach


def _ascii_lower(text: str) -> str:
    """Lower-case with positions still lined up with the original ("İ".lower() is two characters long).

    Every non-ASCII character becomes one "?", which is all the cue look-ups need.
    """
    return text.encode("ascii", "replace").decode("ascii").lower()


def _finding(text: str, start: int, end: int) -> Finding:
    return Finding("handle", start, end, text[start:end], HANDLE_REPLACEMENT)


def _shaped_anywhere(text: str) -> Iterator[Finding]:
    """Tokens with an inner underscore, a Discord tag, a number run into letters, or telling camel case."""
    covered = 0
    for mark in sorted(i for character in "_#" for i in occurrences(text, character)):
        if mark < covered:
            continue
        start = mark
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
            start -= 1
        while start < mark and not text[start].isalnum():
            start += 1
        m = _UNDERSCORED_OR_TAGGED.match(text, start)
        if m and m.end() > mark:
            covered = m.end()
            yield _finding(text, m.start(), m.end())
    covered = 0
    for hint in _SHAPE_HINT.finditer(text):
        if hint.start() < covered:
            continue
        start = hint.start()
        while start > 0 and (text[start - 1].isalnum()):
            start -= 1
        m = _TOKEN.match(text, start)
        if m:
            covered = m.end()
            if _strong_shape(m.group()):
                yield _finding(text, m.start(), m.end())
    covered = 0
    for dot in _INNER_DOT.finditer(text):
        if dot.start() < covered:
            continue
        m = _TOKEN.match(text, _token_start(text, dot.start()))
        if m:
            covered = m.end()
            if _dotted_handle(m.group()):
                yield _finding(text, m.start(), m.end())


def _dotted_handle(token: str) -> bool:
    """Small words joined by dots ("kemi.creates", "jane.doe91") are a handle anywhere; "e.g", "photo.jpg"
    and a missing space after a full stop ("tired.I") are not. A web address wins over this (see model)."""
    parts = token.split(".")
    return (
        len(parts) >= 2
        and token.islower()
        and all(len(p) >= 2 and p.isalnum() for p in parts)
        and parts[-1] not in _FILE_EXTENSIONS
        and sum(c.isalpha() for c in token) >= 5
    )


class _Cues:
    """Where each kind of cue ends in one account sentence (the start of the token it introduces)."""

    def __init__(self, context: _AccountContext, start: int, stop: int) -> None:
        text = context.text
        self.account_noun = {m.end() for m in _ACCOUNT_NOUN_CUE.finditer(text, start, stop)}
        if "name" in context.lowered[start:stop]:
            self.account_noun.update(
                m.end()
                for m in _PLATFORM_NAME_CUE.finditer(text, start, stop)
                if context.is_platform(m.group("platform"))
            )
        self.naming = {m.end() for m in _NAMING_CUE.finditer(text, start, stop)}
        self.plain = {m.end() for m in _CUE.finditer(text, start, stop)}
        self.plain.update(
            m.end() for m in _COMMA_CUE.finditer(text, start, stop) if context.cue_just_before(m.start())
        )


def _token_start(text: str, position: int) -> int:
    while position > 0 and (text[position - 1].isalnum() or text[position - 1] in "_.-"):
        position -= 1
    return position


def _named_by_cue(context: _AccountContext, cues: _Cues, m: re.Match[str]) -> bool:
    """Whether a token that has no handle shape is still a handle, by the words around it."""
    text, token, start = context.text, m.group(), m.start()
    if start not in cues.account_noun and start not in cues.naming and start not in cues.plain:
        # Most tokens: only "tidepoolteodora on Snapchat" is left, and it needs a lower-case non-word.
        if not (
            token.islower() and context.lowered.startswith(_AFTER_STARTS, m.end()) and _not_a_word(token)
        ):
            return False
        after = _ON_PLATFORM_AFTER.match(text, m.end())
        return after is not None and (after.group("word") is None or context.is_platform(after.group("word")))
    if (any(c in "._" for c in token) and any(c.isalpha() for c in token)) or _non_latin(token):
        return True  # "he went by nightfang.exe", "as 曼城租房小助手"
    key = fold(token)
    if key in _DESCRIPTIVE or key in STOPWORDS or len(token) < 3 or token.isdigit():
        return False
    if start in cues.account_noun:
        # "her username is sunflower"; a known personal name is left to the name finder
        return token.islower() or key not in _personal_names()
    if start in cues.naming and token[0].isupper() and token[1:].islower():
        return key not in _personal_names() and key not in frequent_words() and key not in english_words()
    if start in cues.naming and token.islower() and token.isalpha() and token not in frequent_words():
        return True  # "he goes by nightrider": a rare word after "goes by" is a name, "goes by train" is not
    if (
        not token.islower()
        and token.isalpha()
        and len(token) >= 5
        and key not in dictionary_words()
        and key not in _personal_names()
    ):
        # "on TikTok as KOFIBEATS", "her Instagram is Lupitacocina": capitals that are no word and no name,
        # when a platform or account word is only a few words back
        return token.isupper() or (token.istitle() and context.cue_just_before(start, 30))
    return _not_a_word(token)


def _page_name_end(
    text: str, start: int, stop: int, quoted: str | None, *, appositive: bool, single: bool = False
) -> int | None:
    """End of the capitalised run that names a page, starting at ``start``, or None if there is none.

    After a bare comma the run must end the clause ("a podcast about them, Cartas de Mamá, because"), so that
    "on her blog, The Guardian later reported" is not taken for a page name.
    """
    closing = {"“": "”", "‘": "’"}.get(quoted or "", quoted)
    if closing:
        close = text.find(closing, start, min(stop, start + 80))
        return close if close > start and not text[start:close].islower() else None
    capitals, position = 0, start
    end: int | None = None
    names_only = True
    for _ in range(8):
        m = _RUN_WORD.match(text, position)
        if not m or (capitals == 0 and not m.group()[0].isupper()):
            break
        word = m.group()
        if word in _RUN_BREAKERS or (capitals and _is_platform_word(word)):
            break  # "Mrs Kessler and I", "a girl from Belfast with an Instagram"
        elif word[0].isupper() or word[0].isdigit():
            capitals += 1
            end = m.end()
            names_only = names_only and fold(word.rstrip("'’s")) in _personal_names()
        elif word.lower() not in _NAME_CONNECTORS and not (
            len(word) <= 3 and word.isalpha() and fold(word) not in english_words()
        ):
            break  # "Safer Screens with Sunita", "Pescaria com Digão", "Sokkar w Zebda Bakes"
        gap = m.end()
        if gap >= stop or text[gap] not in " \t":
            break
        position = gap + 1
    if end is None or names_only:
        return None
    if capitals < 2:
        # one word is a name only after "called" or "named", and only if it is no common word
        word = text[start:end]
        if not single or fold(word) in frequent_words() or fold(word) in STOPWORDS:
            return None
    if appositive and capitals < 3 and end < stop and not _CLAUSE_END.match(text, end, stop):
        return None  # three capitalised words in a row are a name on their own: "the page Bring Ayo Home had"
    return end


def _run_before(text: str, start: int, noun_start: int) -> tuple[int, int] | None:
    """Start of a capitalised run that ends just before a page noun ("the Bolton Mums Facebook group"), or None.

    A lone platform word between the run and the noun is skipped; the run needs two capitalised words that are
    not all personal names ("Priya Sharma's page" is a person's page, left to the name finder).
    """
    m = _RUN_BEFORE_NOUN.search(text, max(start, noun_start - 100), noun_start)
    if not m:
        return None
    if m.group("platform") and not _is_platform_word(m.group("platform")):
        return None
    run_start, run_end = m.start("run"), m.end("run")
    words = [(w.start(), w.end(), w.group()) for w in re.finditer(r"\S+", text[run_start:run_end])]
    while words and (_is_platform_word(words[-1][2]) or words[-1][2].lower() in _NAME_CONNECTORS):
        words.pop()  # "Priya Sharma's Instagram page": the platform is not part of the name
    while words and (fold(words[0][2]) in STOPWORDS or words[0][2].lower() in _NAME_CONNECTORS):
        words.pop(0)
    capitals = [w for _, _, w in words if w[0].isupper() or w[0].isdigit()]
    if len(capitals) < 2 or all(fold(w.rstrip("'’s")) in _personal_names() for w in capitals):
        return None
    return run_start + words[0][0], run_start + words[-1][1]


def _page_names(context: _AccountContext, start: int, stop: int) -> Iterator[Finding]:
    """Capitalised runs that name a page: after "a page called", "her channel,", "a podcast about them,",
    "her Instagram, Cakes by Candice,", and before a page noun: "the Bolton Mums Facebook group"."""
    text = context.text
    for noun in _PAGE_NOUN.finditer(text, start, stop):
        cue = _PAGE_NAME_CUE.match(text, noun.start(), stop)
        if cue and not (cue.group("bare") and cue.group("gap")):  # not "crew since Year 7"
            appositive = (cue.group("comma") or cue.group("bare")) is not None and not cue.group("quote")
            explicit = not appositive and not cue.group("quote")  # "an account named Vatan-Parast"
            end = _page_name_end(
                text, cue.end(), stop, cue.group("quote"), appositive=appositive, single=explicit
            )
            if end is not None:
                yield _finding(text, cue.end(), end)
        run = _run_before(text, start, noun.start())
        if run is not None:
            yield _finding(text, *run)
    for position in context.cues[
        bisect.bisect_left(context.cues, start) : bisect.bisect_left(context.cues, stop)
    ]:
        word = _WORD_AT.match(text, position)
        if not word or not context.is_platform(word.group()):
            continue
        cue = _PLATFORM_PAGE_CUE.match(text, word.end(), stop)
        if cue:
            appositive = cue.group("named") is None and not cue.group("quote")
            end = _page_name_end(text, cue.end(), stop, cue.group("quote"), appositive=appositive)
            if end is not None:
                yield _finding(text, cue.end(), end)


def _is_platform_word(word: str) -> bool:
    return word.lower() in _PLATFORMS_ANY_CASE or word in _PLATFORMS_CAPITALISED


def _looks_like_a_name(quoted: str) -> bool:
    """A quoted span that names something ("Sharma Parivar Jaipur", "kittykat") rather than quotes speech
    ("we were 'letting the area go'"): one token, or a few words that start with capitals."""
    words = quoted.split()
    if len(words) == 1:
        return True
    capitals = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return len(words) <= 6 and words[0][0].isupper() and capitals * 2 > len(words)


def _runs_after_cues(context: _AccountContext, cues: _Cues) -> Iterator[Finding]:
    """A capitalised run after "goes by", "posts as", "called it" or "on <platform> as", holding an ordinary
    word as page names do ("on there as Brenda Oakes Knits", "we called it Rice Upstairs"); a run of names
    only ("a man called Andrés Felipe Rojas") is a person, left to the name finder."""
    text = context.text
    for position in sorted(cues.naming | cues.plain):
        if position >= len(text) or not text[position].isupper():
            continue
        if position not in cues.naming:
            on_there = _ON_THERE_AS.search(text, max(0, position - 30), position)
            if not on_there or not (
                on_there.group("where") or context.is_platform(on_there.group("platform"))
            ):
                continue
        end = _page_name_end(text, position, len(text), None, appositive=False)
        if end is None:
            continue
        words = [w.strip("'’s") for w in text[position:end].split()]
        if len(words) >= 2 and any(
            fold(w) in dictionary_words() and fold(w) not in _personal_names() and fold(w) not in STOPWORDS
            for w in words
        ):
            yield _finding(text, position, end)


def _runs_before_platform(context: _AccountContext, start: int, stop: int) -> Iterator[Finding]:
    """ "Follow Kemi Creates on Instagram", "search Bolton Mums Together on Facebook": a capitalised run
    between a verb of looking and "on <platform>"."""
    text = context.text
    for verb in _LOOK_FOR.finditer(text, start, stop):
        end = _page_name_end(text, verb.end(), stop, None, appositive=False)
        if end is None:
            continue
        after = _ON_PLATFORM_AFTER.match(text, end)
        if after is not None and after.group("word") is not None and context.is_platform(after.group("word")):
            yield _finding(text, verb.end(), end)


def _lone_title(quoted: str) -> bool:
    """One capitalised word in quotes ("a man who called himself 'Rui'") is a nickname, not an account."""
    return " " not in quoted and quoted.istitle()


def _quoted_names(context: _AccountContext, cues: _Cues, start: int, stop: int) -> Iterator[Finding]:
    """A quoted name after a naming cue or before "on <platform>": "search 'Mums of Moss Side' on Facebook"."""
    text = context.text
    for m in _QUOTED.finditer(text, start, stop):
        inner_start, inner_end = m.start("inner"), m.end("inner")
        after = _ON_PLATFORM_AFTER.match(text, m.end())
        if (
            inner_start in cues.account_noun
            or inner_start in cues.naming
            or (
                inner_start in cues.plain
                and _looks_like_a_name(m.group("inner"))
                and not _lone_title(m.group("inner"))
            )
            or (
                after is not None
                and after.group("word") is not None
                and context.is_platform(after.group("word"))
            )
        ):
            yield _finding(text, inner_start, inner_end)


def _in_account_sentences(context: _AccountContext) -> Iterator[Finding]:
    text = context.text
    for start, stop in context.sentences():
        yield from _page_names(context, start, stop)
        cues = _Cues(context, start, stop)
        yield from _quoted_names(context, cues, start, stop)
        yield from _runs_after_cues(context, cues)
        yield from _runs_before_platform(context, start, stop)
        # Only three kinds of token can be handles here: one right after a cue, one that is not a plain word
        # (digits, dots, inner capitals), and one before "on <platform>". Finding those with regexes and
        # str.find, instead of testing every word of every account sentence in Python, halved the time.
        candidates = cues.account_noun | cues.naming | cues.plain
        candidates.update(_token_start(text, m.start()) for m in _ODD_CHARACTER.finditer(text, start, stop))
        for marker in _AFTER_MARKER.finditer(context.lowered, start, stop):
            before = _TOKEN_BEFORE.search(text, max(start, marker.start() - 60), marker.start())
            if before:
                candidates.add(before.start())
        for candidate in sorted(candidates):
            m = _TOKEN.match(text, candidate, stop)
            if not m:
                continue
            token = m.group()
            plain = token.isalpha() and (token.islower() or token.istitle())
            if context.is_platform(token) or token.lower() in _ONLINE_WORDS:
                continue
            if (not plain and _weak_shape(token)) or _named_by_cue(context, cues, m):
                yield _finding(text, m.start(), m.end())


def find_handles(text: str) -> Iterator[Finding]:
    """Every handle candidate; overlaps with other kinds are resolved by the caller."""
    if "@" in text:
        for m in _AT_HANDLE.finditer(text):
            yield _finding(text, m.start(), m.end())
    if "u/" in text or "r/" in text:
        for m in _REDDIT_USER.finditer(text):
            start = m.start() + (1 if m.group().startswith("/") else 0)
            yield _finding(text, start, m.end())
    yield from _shaped_anywhere(text)
    context = _AccountContext(text)
    if context.cues:
        yield from _in_account_sentences(context)
