"""Word lists for the name finder: the shipped name files (loaded once, lazily) and the context vocabularies.

Keys are folded (case, diacritics, hyphens and apostrophes removed) so "Jose", "José", "Min-jun" and "Minjun"
meet; see ``fold``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

# Letters that do not decompose under NFKD but that writers often type without their mark.
_FOLD_EXTRA = str.maketrans(
    {"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d"}
)


@lru_cache(maxsize=65536)  # bounded: a long-running server sees endless distinct words
def fold(word: str) -> str:
    """Return a matching key: lower case, no diacritics, no hyphens or apostrophes."""
    lowered = word.casefold().translate(_FOLD_EXTRA)
    if not lowered.isascii():
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(c for c in decomposed if not unicodedata.combining(c))
    return lowered.replace("-", "").replace("'", "").replace("’", "")


def _load(filename: str) -> frozenset[str]:
    data = resources.files("fireside.textanalysis").joinpath("data", filename).read_text(encoding="utf-8")
    return frozenset(
        fold(line) for line in (raw.strip() for raw in data.splitlines()) if line and line[0] != "#"
    )


@cache
def given_names() -> frozenset[str]:
    return _load("given_names.txt")


@cache
def family_first_surnames() -> frozenset[str]:
    """Surnames usually written before the given name ("Zhang Wei", "Park Ji-yeon", "Nguyen Thi Hoa")."""
    return _load("family_first_names.txt")


@cache
def family_names() -> frozenset[str]:
    """Common family names written after the given name ("Sharma", "Okafor", "Kowalski", "García")."""
    return _load("family_names.txt")


@cache
def english_words() -> frozenset[str]:
    """Common English words: a bare word after "my Instagram is" that is one of these is prose, not a handle."""
    return _load("english_words.txt")


def dictionary_words() -> frozenset[str]:
    """A large English dictionary (pyspellchecker's, 160,000 words from subtitles).

    The handle finder asks whether a bare token after "her account was" is a word: the project's own
    4,000-word list called "terrifying" and "drained" handles.
    """
    return _dictionary()[0]


def frequent_words() -> frozenset[str]:
    """Dictionary words common enough ("train", "night") that "he goes by train" is not a handle, while a
    rare one ("nightrider", "kestrel") after "goes by" is."""
    return _dictionary()[1]


FREQUENT_WORD_COUNT = 5000  # of about 10 million words of subtitles: "sunflower" 1,333, "email" 10,276


@cache
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """Load once per process (0.2 s, about 20 MB), on the first privacy check rather than at start-up."""
    from spellchecker import SpellChecker  # imported here so that only the handle finder pays for the load

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    frequent = frozenset(word for word, count in counts.items() if count >= FREQUENT_WORD_COUNT)
    return frozenset(counts) | english_words(), frequent


def word_list(text: str) -> list[str]:
    """Split a whitespace-separated list written in the source, which reads better than a list of quotes."""
    return text.split()


def _words(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in word_list(text))


# Given names that are also months: only a name with strong evidence (a title, a surname, a speech verb).
MONTH_NAMES = _words("April May June August Jan")

# Given names that are also ordinary words: a name mid-sentence, but at the start of a sentence only with
# evidence ("Will you..." and "Mark my words" are not people).
WORD_NAMES = _words(
    """Will Mark Bill Jack Frank Grant Chase Hunter Wade Miles Drew Lance Dean Earl Guy Art Pat Sue Ray Don Rich
    Rob Bob Carol Dawn Faith Hope Grace Joy Rose Ruby Pearl Iris Ivy Holly Hazel Olive Violet Daisy Lily Poppy
    Jasmine Heather Amber Crystal Jade Summer Autumn Sunny Sandy Misty Dusty Honey Ginger Angel Precious Blessing
    Gift Favour Patience Mercy Comfort Charity Prudence Constance Destiny Harmony Testimony Goodluck Penny Robin
    Carter Mason Hunter Tanner Taylor Cliff Clay Glen Dale Young Long Sun An My Do Ha Ho Son Tan Hung Van Thu Yen
    Said Song Ping Can Nur Ebony Raven Kim Sol Val Jo Viv Dot Flo Meg Peg Sal Vi Liv Bea Nat Phil Ric Rod Ron Russ
    Tam Ted Stan Sid Gus Abe Alf Bert Fred Reg Walt Vic Vince Woody Lucky Major Max Nan Tao Hai Nam Tam Lan Mai
    Ming Yang Dan Yu Min Hong Jin Bo Chun Dong Hua Lei Jun Ren Rin Ai Nao Mio Ema Kai Kaya Liv Yi Na Ling Amen
    Hang Hue Dung Lien Bin Gang Wing Roman Tuba Jihad Rim Fern Honor Felicity Verity Harley Rusty Teddy Bonnie
    Dolly Warren Randy Opal Myrtle Levi Kirk Shun Gael Mercedes Nacho Willow Rocky Laurel Melody Valentine Lacey
    Noel Jewel Sherry Brandy Candy Heath Bud Buddy Chip Skip Sienna Sonny Marina Sultan Wit Tin Sang Thong Cam Tai
    Nori Mana Serenity Paisley Beau Maverick Porter Mo Jock Santos Gene"""
)

# Given names that are also places: a name unless the sentence says "in", "near", "to" after a motion verb...
PLACE_NAMES = _words(
    """Chelsea Florence Paris Sydney Victoria Georgia Jordan Austin Dallas Lincoln Adelaide Charlotte Savannah
    Phoenix Madison Orlando Houston Denver Brooklyn Regina Kingston Hamilton Chester Preston Stanley Shirley
    Beverly Beverley Carolina Virginia India Asia Israel Lourdes Siena Verona Vienna Geneva Valencia Alexandria
    Aurora Eden Sharon Camden Devon Kent Clifton Clyde Trent Salvador Santiago Florencia Montserrat Bradford
    Tyler Kendal Darwin Ashley Milan Sofia Lima Chad Georgina Tripoli Medina Sierra Dakota Cheyenne Memphis
    Dudley Shannon Everett Bharat Sidney Trinidad Washington Wellington Hudson Troy Jackson Abilene"""
)

# States and countries that follow a town name after a comma ("Florence, Alabama").
REGIONS = frozenset(
    word_list(
        """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho
        Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi
        Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia
        Washington Wisconsin Wyoming New North South West England Scotland Wales Ireland Australia Canada Italy
        France Spain Mexico Nigeria India Ontario Queensland Victoria"""
    )
)

AMBIGUOUS_NAMES = MONTH_NAMES | WORD_NAMES | PLACE_NAMES

REGION_KEYS = frozenset(fold(region) for region in REGIONS)

# Capitalised words that never start or extend a name, even after a title or a known given name.
STOPWORDS = _words(
    """I A An The And But Or So If Then When While After Before Because As At By For From In Into Of On Onto To With
    Without About Over Under He She It We They You Me Him Her Us Them My Our Your His Their Its This That These
    Those There Here What Who Whom Whose Which Why How Where Yes No Not All Every Some Any Each One Two Three Also
    Just Even Still Only Now Once Again Never Always Maybe Perhaps Please Thanks Thank Sorry Hello Hi Dear Love
    Mum Mom Mam Mammy Mummy Mommy Mama Dad Daddy Papa Da Nan Nana Gran Granny Grandma Grandpa Grandad Granddad
    God Jesus Christ Allah Lord Heaven Hell Christmas Easter Eid Diwali Ramadan Hanukkah Passover Halloween
    Thanksgiving New Year Eve Day Night Morning Evening Mother Father Sister Brother Auntie Aunty Uncle Aunt
    January February March July September October November December Feb Mar Apr
    Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu
    Thur Thurs Fri Sat Sun English British Irish Scottish Welsh American African Nigerian Yoruba Igbo Hausa
    Indian Hindi Tamil Punjabi Urdu Bengali Arabic Arab Chinese Mandarin Cantonese Japanese Korean Vietnamese
    Polish Spanish Mexican French German Italian Portuguese Russian Ukrainian Greek Turkish Persian Kurdish
    Jewish Muslim Christian Catholic Protestant Hindu Sikh Buddhist Black White Asian European Latina Latino
    Caribbean Jamaican Ghanaian Kenyan Somali Filipino Pakistani Bangladeshi Canadian Australian NHS GP Hospital
    School University College Church Mosque Temple Council Police Court Ward Station Street Road Lane Avenue
    Facebook Instagram WhatsApp Twitter TikTok Reddit Google YouTube Snapchat Tumblr Bluesky Discord LinkedIn
    Amazon Uber Zoom Skype iPhone Tesco Asda Lidl Aldi Sainsbury Primark Netflix Spotify OK TV Year Years Mrs Mr
    Ms Dr Miss Chapter Section Part Room Flat Apartment Bed Page Route Platform Gate Terminal Level Grade Form
    Class Team Group Unit Block Floor Exit Junction Bus Train Nature Earth Right Superior Am"""
)

# Honorifics after which the next capitalised word is a family name ("Mrs Murphy", "Dr Okafor").
FORMAL_TITLES = _words(
    """Mr Mrs Ms Miss Mx Dr Prof Professor Doctor Rev Revd Reverend Fr Pastor Imam Rabbi Sheikh Chief Alhaji
    Alhaja Judge Officer Detective Sergeant Sgt Constable PC Captain Capt Lieutenant Nurse Coach Madam Madame
    Monsieur Mme Herr Frau Señor Señora Señorita Sr Sra Pan Pani Senhor Senhora Signor Signora Sensei"""
)
# Family and affectionate titles, followed by a given name ("Aunt Hana", "Uncle Femi", "Grandma June").
FAMILY_TITLES = _words(
    """Aunt Auntie Aunty Uncle Cousin Grandma Grandpa Granny Grandad Granddad Grandmother Grandfather Nana Nan
    Gran Nanna Mama Baba Papa Sister Brother Father Mother Don Doña Tía Tío Tia Tio Abuela Abuelo Dziadek Babcia
    Ciocia Wujek Didi Bhaiya Bhai Nani Dadi Chacha Chachi Mamu Khala Khalu Ammi Abbu Sir Dame Lady"""
)

# Lower-case words before a capitalised word that make it a person: "my sister Ngozi", "a volunteer called X".
RELATION_WORDS = _words(
    """friend friends sister sisters brother brothers mum mom mother dad father husband wife partner boyfriend
    girlfriend fiance fiancé fiancee fiancée son sons daughter daughters cousin cousins aunt auntie aunty uncle
    niece nephew grandson granddaughter grandmother grandfather grandma grandpa granny grandad nan nana gran
    neighbour neighbor neighbours boss colleague coworker co-worker manager teacher classmate flatmate roommate
    housemate landlord landlady ex stepdad stepmum stepmom stepmother stepfather stepson stepdaughter therapist
    counsellor counselor nurse doctor midwife social worker carer caregiver sponsor mentor pastor priest vicar
    imam rabbi lawyer solicitor coach tutor babysitter nanny godmother godfather godson goddaughter bestie mate
    abuela abuelo bf gf hubby"""
)
PERSON_NOUNS = _words(
    """man woman boy girl guy lady bloke kid child baby person someone somebody volunteer nurse doctor worker
    officer teacher student lad lass chap gentleman fella friend colleague stranger neighbour neighbor cousin"""
)
# Pets, places and things that are "named" or "called" something: not a person.
NON_PERSON_NOUNS = _words(
    """dog dogs cat cats puppy kitten horse pony hamster rabbit guinea pig fish goldfish parrot budgie bird
    tortoise snake lizard pet pets boat car van band village town city place street road pub bar shop cafe
    restaurant company firm charity church song book film movie show game album app website podcast storm"""
)
# Given names that are also English function words never continue a name: "What Can Narwhals Do".
FUNCTION_WORD_NAMES = _words("Can Do An My Said Ha Ho Will May Long Young Son Sun")
# "naming" verbs that introduce a name on their own.
NAMING_WORDS = _words("named nicknamed christened")
# Verbs after a sentence-initial word-like name that show it is a person ("Grace said", "Will told me").
PERSON_VERBS = _words(
    """said says told tells asked asks replied answered laughed laughs smiled smiles cried whispered shouted
    yelled screamed texted texts rang phoned called emailed wrote hugged kissed married died lived grew walked
    drove arrived insisted promised admitted explained agreed refused sighed nodded shrugged winked grinned"""
)
# Particles that may sit lower-case inside a full name: "María de los Ángeles", "Ludwig van Beethoven".
PARTICLES = _words(
    "de da del della di du la le los las van von der den ter bin binti bint ibn al el ben dos das y"
)
# Nouns that turn a preceding capitalised word into part of a place or institution ("Victoria Station").
PLACE_NOUNS = _words(
    """Hospital School Station Street Road Avenue Lane Drive Close Crescent Square Gardens Bridge Line Centre
    Center Airport Library College University Church Cathedral Chapel Academy Primary Infirmary Hotel Arena
    Stadium FC Foundation Trust Ward Embankment Harbour Harbor Hills Beach Island Falls Valley Estate Market Mall
    Studios Park Place County City Town Village Airport Port Bay Lake River Mountain Mount Heights Day Prize
    Building Tower Hall Court Road Rd St Ave Palace Line"""
)
# "in Chelsea", "near Florence": a place reading for a name that is also a place.
LOCATIVE_WORDS = _words(
    """in at from near outside around across through into via towards toward visit visited visiting leaving left
    reached above below beyond inside within"""
)
MOTION_WORDS = _words(
    """bus train coach flight flights trip trips drive drove driving went go going gone goes move moved moving
    fly flew flying travel travelled traveled travelling traveling came come coming return returned headed
    heading back way walk walked ride rode road ticket tickets ferry journey"""
)
# "the end of May", "the 3rd of June": "of" only marks a month after these.
MONTH_OF_WORDS = _words(
    """end start beginning middle rest month half part first second third fourth last ides"""
)
MONTH_CONTEXT_WORDS = _words(
    """in on of since until till by last next early late mid this every during before after through from to
    that each throughout"""
)
# "St Mary's", "San Antonio", "Queen Victoria": the capitalised word after these is not a private person.
NOT_NAME_AFTER = _words(
    "St Saint San Santa Santo Sainte São Sao Queen King Prince Princess Lake Mount Mt Port Fort Cape"
)
# Before a word-like name these make it the ordinary word: "the Bill", "a Grace period", "my Mercedes".
DETERMINERS = _words(
    "the a an this that these those your our their his her its my each every no any some los las el la les il lo"
)

# Yoruba and Igbo given names are built from a few productive parts (Olu-, Ade-, Oluwa-, Chukwu-...), so far
# more of them exist than any list holds. A capitalised word starting with one of these parts, at least six
# letters long and ending as these names do, is taken as a given name. English words that happen to fit are
# listed as exceptions.
WEST_AFRICAN_NAME = re.compile(
    r"(?:oluwa|olu|ola|ade|ayo|oyin|omo|ife|ire|oye|akin|baba|gb|kp|nk|nn|chukwu|chi[dmnkgb]|uche|uzo|eze|obi|"
    r"ngo|ibi|abi|bola|kola|funm|temi|tolu|tomi|tobi)[a-z]{2,}[aeioumn]"
)
WEST_AFRICAN_EXCEPTIONS = _words("adequate adenine abilene abidjan chinatown chimera chinaman chinese")

# Japanese and Korean honorific suffixes, stripped so "Tanaka-san" is found as "Tanaka".
HONORIFIC_SUFFIXES = ("-san", "-chan", "-kun", "-sama", "-sensei", "-ji", "-ssi", "-nim", "-ssaem")
