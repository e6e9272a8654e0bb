"""Concept cues: the hand-written half of the content-warning features.

With a few dozen labelled examples per label, a model that only sees words cannot learn that "the sonographer
went quiet" is about a lost pregnancy. So the features are *concept groups*: for each label, broad lists of
patterns for the explicit words ("miscarriage"), the setting ("scan", "midwife", "twelve weeks") and the event
("bleeding", "no heartbeat"), plus cross-label groups (reassurance, recovery, figurative use). The learned model
weighs the groups and their co-occurrence; the groups carry the world knowledge that the data is too small for.

Patterns run on normalised lower-case text (see ``text.normalise``). A pattern hit is dropped when a negator
("never", "not", "no", "n't" ...) stands shortly before it in the same clause, unless the pattern itself starts
with the negator ("no heartbeat", "not a drop"); a dropped hit still counts towards a ``negated`` feature, so the
model can learn that "I was never hit" points *away* from the label. Idioms such as "I could have killed him" are
blanked out before matching.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

# Number words a story uses for weeks of pregnancy, years sober, ages.
_NUM = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|a few|a couple of|several)(?:[- ]\w+)?"
)

# label -> group -> patterns. Group names are stable feature names: renaming one invalidates a saved model.
LABEL_CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "pregnancy-loss": {
        "explicit": (
            r"miscarr\w*",
            r"still ?b(?:orn|irth)s?",
            r"born sleeping",
            r"ectopic",
            r"lost (?:the|our|my|a|her|his|their) (?:baby|babies|pregnancy|twins?|little one)",
            r"(?:baby|pregnancy|infant) loss",
            r"los(?:s|ing) of (?:the|our|my|a) (?:baby|pregnancy)",
            r"terminat\w* (?:the|my|our|a|her) pregnancy",
            r"end(?:ed|ing)? (?:the|my|our|her|a) pregnancy",
            r"(?:molar|chemical) pregnancy",
            r"\bd ?(?:and|&) ?c\b",
            r"\berpc\b",
            r"recurrent (?:pregnancy )?loss",
            r"(?:foetal|fetal|intrauterine) death",
            r"angel bab(?:y|ies)",
            r"rainbow baby",
        ),
        "setting": (
            r"pregnan\w*",
            r"\bscans?\b",
            r"sonograph\w*|ultrasound",
            r"midwi(?:fe|ves)",
            rf"\b{_NUM} weeks?\b",
            r"trimester",
            r"due date",
            r"due in (?:january|february|march|april|may|june|july|august|september|october|november|december)",
            r"nursery|baby'?s room",
            r"\bbump\b",
            r"doppler",
            r"heart ?beat",
            r"(?:positive|pregnancy) tests?|two lines|(?:second|faint|blue) line",
            r"f(?:o)?etus|foetal|fetal",
            r"\blabou?r\b|\bgave birth\b|\bgive birth\b|delivery suite|delivered (?:her|him)",
            r"antenatal|obstetric\w*|maternity|early pregnancy unit|\bepu\b",
            r"\bbab(?:y|ies)\b|\bnewborn\b",
            r"baby shower|baby clothes|\bcot\b|\bpram\b|moses basket|car seat",
            r"\bexpecting\b",
        ),
        "event": (
            r"\bbleed\w*|\bbled\b|\bblood\b|spotting",
            r"no heart ?beat|(?:could ?n'?t|could not|can'?t|did ?n'?t|unable to) find (?:a |the |any )?heart ?beat",
            r"heart ?beat (?:had )?stopped|stopped moving|no movement",
            r"(?:fetch|get|call) (?:a|the|another|her) (?:doctor|colleague|consultant|registrar|senior)",
            r"nothing (?:more )?(?:they|we|anyone|she|he) could do",
            r"should have been|would have been|would be \w+ (?:now|this)",
            r"empty arms|came home without|leave (?:the hospital )?without (?:her|him|a baby)",
            r"memory box|footprints?|hand ?prints?|tiny (?:coffin|white)|(?:small|little) (?:white )?(?:coffin|box)",
            r"\bcramp\w*|contractions?",
            r"not viable|was ?n'?t viable|measur\w* (?:only )?\w+ weeks|stopped growing|no longer growing",
            r"\bloss(?:es)?\b|\blost\b|\bgone\b|\bdied\b|losing (?:her|him|the baby|it)",
            r"too (?:small|early|premature) to (?:survive|live)|waters broke|(?:born|came) too early",
            r"even after everything|choosing names|had (?:already )?(?:picked|chosen) (?:a )?names?",
            r"\bburied\b|\bgrave\b|\bfuneral\b|\bcremat\w*",
        ),
    },
    "infertility": {
        "explicit": (
            r"infertil\w*",
            r"\bivf\b|\bicsi\b|\biui\b|in vitro",
            r"fertility (?:treatment|clinic|specialist|drugs|nurse|problems?|tests?)",
            r"(?:sperm|egg|embryo) (?:donor|donation|count|bank|reserve|quality|freezing|transfer)",
            r"(?:egg|sperm) donor",
            r"(?:trying|tried|try) (?:for a baby|to conceive|for a family|for a child|for another)",
            r"\bconceiv\w*",
            (
                r"(?:unable|not able|could ?n'?t|can'?t|could not) (?:to )?(?:have|get) "
                r"(?:a )?(?:children|pregnant|baby|kids)"
            ),
            r"childless|child-free not by choice",
            r"endometriosis|pcos|polycystic ovar\w*|azoosperm\w*|low (?:sperm|egg) (?:count|reserve)",
        ),
        "setting": (
            r"\bclinic\b|consultant|specialist",
            r"embryos?|\beggs?\b|follicles?|ovar\w*|ovulat\w*|\bsperm\b|\bsample\b|womb|uterus|fallopian|tubes?",
            r"injections?|hormones?|\bpens?\b|clomid|progesterone",
            r"\bcycles?\b|\brounds?\b|\btransfers?\b|two[- ]week wait",
            r"\bperiod\b|\bperiods\b",
            r"pregnancy tests?|\bsticks?\b|single line|one line|\bnegative\b",
            r"\bbab(?:y|ies)\b|children|grandchildren|\bfamily\b|\bkids\b",
            r"endometriosis|pcos|polycystic|morphology|\bmotility\b|azoosperm\w*",
            r"(?:funded|private) (?:treatment|rounds?|cycles?)|waiting list|nhs",
            r"temperature|chart\w*|app\b|fertile (?:days|window)",
        ),
        "event": (
            r"(?:failed|unsuccessful|did ?n'?t work|did not work|did ?n'?t take|did not take|no luck)",
            r"every month|each month|another month|month after month|years? of trying",
            r"\b(?:none|nothing|zero)\b|too low|\blow\b|\bunlikely\b|\bblocked\b",
            r"(?:spent|remortgag\w*|savings|thousands|afford)",
            r"still (?:no|not)|never (?:happened|came)",
            r"(?:jealous|envious)|announce\w*|pregnant (?:friends?|women|woman)",
            r"stopped (?:trying|treatment)",
            r"running out|(?:froze|frozen|freez\w*) (?:my |our |what )?(?:eggs|embryos|i had)|on a schedule",
            r"timed (?:sex|everything)",
            r"relax and it (?:will|would|'?ll) happen|hated myself|no longer (?:met|meet|eligible|qualif\w*)|criteria",
            r"(?:need|needed|use|using) a donor|donor (?:eggs?|sperm)",
        ),
    },
    "infidelity": {
        "explicit": (
            r"\baffairs?\b",
            r"cheat(?:ed|ing|s)? on\b",
            r"\bunfaithful\b|\binfidelity\b|\badulter\w*|\bstray(?:ed)?\b",
            r"the other (?:woman|man)|\bmistress\b|\blover\b",
            r"(?:sleeping|slept|seeing|having sex) with (?:someone|somebody|another|her|him|my|his|a|the)\b",
            r"another (?:woman|man|family)|other family|second family",
            r"left (?:me|us|her|him) for",
        ),
        "setting": (
            r"\b(?:husband|wife|partner|boyfriend|girlfriend|fianc\w*|spouse|marriage|married)\b",
            r"(?:his|her|my) (?:phone|laptop|messages|texts|emails|car)",
            r"\b(?:his|her) (?:car|flat|shirt|collar|scarf|pocket|jacket|gym bag|side of the bed)\b",
        ),
        "event": (
            r"messages?|texts?|\bkisses\b|\bx{1,3}\b|dating app|profile|second phone|locked (?:his|her) phone",
            r"hotel|receipts?|statements?|jewell?er|perfume|lipstick|shower gel",
            r"working late|business trip|conference|golf trip|gym|book club|told me (?:he|she) (?:was|spent)",
            r"going on (?:since|for)|been going on|for (?:months|years|two years)",
            r"found out|\badmitted\b|\bconfess\w*|\bcaught\b|\blied\b|\blying\b|\bsecret\w*|\bswore\b",
            r"\bkissing\b|\bkissed\b|holding (?:her|his|someone'?s) hand",
            r"a name i did ?n'?t (?:know|recogni[sz]e)|someone from (?:work|the office|his|her)|colleague",
            r"\btrust\b",
            r"wine glasses|smelling of|smelled of (?:a|another|someone)",
            r"(?:a|the) (?:hair|earring|hair clip) (?:that|which) was ?n'?t mine|was ?n'?t mine",
            r"deleted (?:the |all |three |\w+ )?(?:messages|texts|months)|emotional (?:thing|affair)|(?:strayed|stray)",
        ),
    },
    "abandonment": {
        "explicit": (
            r"abandon\w*",
            r"walked out(?! of)",
            (
                r"(?:left|leave|leaving) (?:us|me|the family|my mum|my dad|my mother|my father)\b(?! (?:alone|in charge"
                r"|a message|the car))"
            ),
            r"never (?:came|come) back|did ?n'?t come back|did not come back|never returned",
            r"never saw (?:him|her|them) again",
            r"cut (?:me|us) off|cut off (?:all )?contact|stopped (?:speaking|talking) to me|disowned",
            r"(?:put|went|taken|placed) (?:me )?into care|foster\w*|children'?s home|care system",
            r"given up for adoption|gave me up|left on (?:the|a) (?:doorstep|steps)",
            r"no contact|estranged",
        ),
        "setting": (
            r"\b(?:dad|father|mum|mother|mom|parents?|brother|sister|daughter|son|husband|wife|partner|carer|family)\b",
            r"when i was (?:\d+|\w+)|\baged? \w+",
            (
                r"i was (?:only )?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
                r"|fourteen|fifteen)\b"
            ),
            r"contact (?:visits?|days?)|social worker|placements?|care home",
        ),
        "event": (
            (
                r"\bleft\b(?! (?:school|work|university|college|the (?:room|office|party|company|shop|building|table"
                r"|house)|for (?:work|school|university|the)|a (?:note|message|voicemail)))"
            ),
            r"\bgone\b|\bdisappear\w*|moved (?:abroad|away|out)|packed (?:a|his|her) (?:bag|holdall|suitcase|rucksack)",
            r"\bwaited\b|\bwaiting\b|by the window",
            r"never (?:once|again|heard|called|rang|wrote|visited|asked|saw)",
            r"stopped (?:coming|visiting|calling|ringing|writing)",
            r"(?:cards?|letters?|calls?|money|maintenance|visits?) stopped|came back unopened|return to sender",
            r"blocked (?:my|me)",
            r"without (?:a word|a note|saying goodbye|telling)|no note|a note\b",
            r"nobody (?:came|turned up|phoned|called)|no one (?:came|turned up)",
            r"(?:new|other|another) family|new (?:boyfriend|girlfriend|partner|wife|husband)",
            r"never came\b|(?:was ?n'?t|is ?n'?t|not) coming back|in case (?:she|he|they) came back",
            r"did ?n'?t see (?:her|him|them) again",
            r"stopped answering|changed the locks|moved out (?:within|that|the same)",
            r"couldn'?t (?:cope|do (?:it|this|illness))",
            r"by the time i got home|while i was at (?:work|school)|(?:took|take) me in\b|look after me",
        ),
    },
    "divorce": {
        "explicit": (
            r"divorc\w*",
            r"separat(?:ed|ion|ing)\b",
            r"split(?:ting)? up|the split\b|we split\b",
            r"custody|family court|decree (?:absolute|nisi)|final order|consent order|financial (?:settlement|order)",
            r"\bex-?(?:wife|husband|partner)\b",
            r"(?:broke|break|breaking) up",
            r"\bmediat\w*",
        ),
        "setting": (
            r"\b(?:marriage|married|husband|wife|spouse|wedding|anniversary|vows?)\b",
            r"solicitors?|lawyers?|\bcourt\b|judge|paperwork|\bpapers\b",
            r"\bkids\b|\bchildren\b|\bsons?\b|\bdaughters?\b",
            r"\bhouse\b|\bhome\b|\bflat\b|mortgage|pension",
        ),
        "event": (
            r"signed (?:the )?(?:papers|forms?|order)|(?:filed|applied) for|served (?:me|him|her)",
            r"every other weekend|alternate weekends|weekend (?:dad|mum|parent)|handovers?",
            r"contact (?:weekends|arrangements)",
            r"two (?:houses|homes|christmases|toothbrushes|bedrooms)|(?:each|both) (?:house|houses|homes)",
            r"sold the (?:family )?(?:house|home)",
            r"split (?:the (?:money|savings|proceeds|furniture|pension|friends|cds|assets|house)|everything|what)",
            r"down the middle|buy (?:me|him|her|the other) out|(?:divided|dividing) (?:up )?(?:the|everything)",
            r"(?:took|take|taking) (?:off )?(?:my|our) rings?|maiden name|wedding ring",
            r"moved out|moved into (?:a|my|his|her) (?:flat|rented|brother|sister|mum)",
            r"rented (?:a )?(?:flat|room|one-bed)",
            r"the end of (?:our|my) marriage|marriage (?:was over|had ended|ended|broke down|had broken down)",
            r"who (?:would )?(?:keep|kept|get|got) (?:the )?\w+",
            r"amicabl\w*|finali[sz]ed",
            r"(?:pale|white) (?:band|line) where|stay married|(?:end|ended) up in court|turn the kids against",
            r"(?:sell|sold|selling) the (?:family )?(?:house|home)|showing buyers",
            r"pack (?:a|my) bag every (?:friday|weekend)",
        ),
    },
    "death-and-grief": {
        "explicit": (
            r"\bdied\b|\bdies\b|\bdying\b|\bdeath\b|\bdead\b",
            r"passed (?:away|on)|\bpassing\b",
            r"funerals?|\bburied\b|\bburial\b|cremat\w*|\bashes\b|\bcoffin\b|\bcasket\b|\bhearse\b",
            r"\bgrave(?:side|yard|stone)?\b",
            r"\bgrie(?:f|ve|ving|ved)\b|bereave\w*|mourn\w*|widow\w*",
            r"\bkilled\b|took (?:his|her|their) own life|suicide",
            r"eulogy|undertaker|funeral director|wake\b|memorial|condolence\w*|sympathy cards?",
            (
                r"\blost (?:my|our|his|her) (?:wife|husband|mum|mother|dad|father|son|daughter|brother|sister|friend"
                r"|best friend|gran\w*|partner|baby)"
            ),
            r"hospice|end of life|palliative|terminal\w*",
            r"still ?born|stillbirth|born sleeping",
        ),
        "setting": (
            (
                r"\b(?:dad|father|mum|mother|mom|gran\w*|nan|nana|grandad|grandpa|grandma|brother|sister|husband|wife"
                r"|son|daughter|friend|uncle|aunt|partner|twin)\b"
            ),
            r"hospital|ward|nurse|doctor|\bicu\b|intensive care|\bbed\b",
            r"a year on|years? (?:on|later|since)|first christmas|birthday|anniversary",
        ),
        "event": (
            r"without (?:him|her|them)|since (?:he|she) (?:went|left us)",
            r"(?:his|her) (?:side of the bed|chair|voice|coat|clothes|wardrobe|things|glasses|reading glasses|mug)",
            r"breathing (?:changed|stopped)|stopped breathing|did ?n'?t wake up|never woke",
            r"nothing more (?:they|we) could do|call the family|come now|took off his hat|\bknew\b",
            r"still (?:talk to|reach for|set|lay|ring|call|expect|keep|can'?t|cannot)",
            r"scatter\w*|the service|register(?:ed)? the death|death certificate",
            r"\bmiss(?:ed)? (?:him|her|them)\b|\bmissing (?:him|her|them)\b",
            r"\bcried\b|\bsobb\w*|\btears\b|\bbench\b|\bcandle\b",
            r"the (?:last|only) (?:time|recording|photo)",
            r"(?:her|his) last (?:shopping list|words|message|birthday|christmas)|identify (?:him|her|the body)",
            r"be missed",
            r"house was cleared|clear(?:ed|ing)? (?:out )?(?:her|his) (?:house|flat|room|things)|say goodbye",
        ),
    },
    "domestic-abuse": {
        "explicit": (
            r"domestic (?:abuse|violence)|\babus(?:e|ed|er|ive)\b",
            r"\bhit (?:me|her|him|us|my mum|my mother)\b|\bhitting (?:me|her|him|us)\b",
            r"\bbeat(?:s|ing|en)? (?:me|her|him|us|my mum|my mother)\b|\bpunch(?:ed)? (?:me|her|him)\b",
            r"\bslap(?:ped)? (?:me|her|him)\b|\bkick(?:ed)? (?:me|her|him)\b",
            r"coercive|controlling|gaslight\w*",
            r"refuge|non-molestation|restraining order|injunction|helpline",
            r"walk(?:ed|ing)? on eggshells",
        ),
        "setting": (
            (
                r"\b(?:husband|wife|partner|boyfriend|girlfriend|stepfather|stepdad|step-dad|dad|father|mum|mother|he"
                r"|she)\b"
            ),
            r"\bhome\b|\bhouse\b|kitchen|hallway|stairs|bedroom|front door|\bkey\b|\bkeys\b",
        ),
        "event": (
            r"bruis\w*|\bmarks?\b|black eye|split lip|broke my|cracked rib|a&e|\bhis grip\b",
            r"\bby the (?:throat|neck|hair|arm)",
            r"(?:grab|grabb|push|pushed|shov|threw|thrown|throw|smash|hurl|pinned|held me)\w*",
            r"(?:long sleeves|high necks?|scarf|make-?up) to (?:hide|cover)|to hide the|walked into a door",
            r"fell (?:down the stairs|off my bike)",
            r"allowance|checked (?:the |my )?(?:receipts|phone|messages|bank)|my wages|my (?:bank )?card",
            r"(?:took|takes|taken|kept|keep|hid|hide) my (?:car )?(?:keys|phone|passport|money|card)",
            r"would ?n'?t let me|not allowed to|was ?n'?t allowed|had to ask (?:him|her) for",
            r"tracking|tracked|followed me|timed (?:me|my)|turned up at",
            r"(?:stupid|useless|worthless|nobody (?:else )?(?:would|will) (?:ever )?want)|told me (?:i was|nobody)",
            r"(?:shout\w*|scream\w*|yell\w*|temper|rage|silent treatment)",
            r"locked (?:me )?out|locked me in|\bpunish\w*",
            r"isolat\w*|stopped seeing (?:my )?(?:friends|family)|cut me off from",
            r"the sound of (?:his|her) (?:key|car)|listen(?:ed)? for (?:the|his|her) (?:car|key)",
            r"what (?:sort|kind) of (?:evening|night|mood)",
            r"\bafraid\b|\bscared\b|\bflinch\w*|\bfear\b|\bsafe\b",
            r"\bbelt\b|\bfists?\b",
            (
                r"(?:left|fled|escaped|got out) (?:with the (?:kids|children|baby)|in the night|while he (?:was asleep"
                r"|slept))"
            ),
            r"bag packed",
            r"(?:a t-shirt|clothes|sleeves) would cover|accused me of|jealous",
            r"check(?:ed)? my (?:underwear|phone|messages)",
        ),
    },
    "self-harm": {
        "explicit": (
            r"self-?harm\w*",
            r"suicid\w*|take my (?:own )?life|took (?:my|his|her|their) own life|end(?:ed|ing)? my life",
            r"kill(?:ing|ed)? myself",
            r"\boverdos\w*",
            r"cut(?:ting)? (?:my|myself|her|his) (?:arms?|wrists?|legs?|thighs?|skin)|cut myself",
            r"hurt(?:ing)? myself|harm(?:ing)? myself",
            r"burn(?:ing|ed|t)? (?:myself|my (?:arm|skin))",
            r"(?:suicide )?attempt\b|tried to (?:kill|end)",
            r"\bsectioned\b|crisis team|psychiatric (?:ward|unit|nurse)",
        ),
        "setting": (
            r"\bmy (?:arms?|wrists?|legs?|thighs?|skin|stomach|body)\b",
            r"bathroom|bedroom|school toilets|bridge|railing|platform|\bedge\b|train tracks|cliff",
            r"depress\w*|anxiety|mental health|\bnumb\b|\bempty\b",
        ),
        "event": (
            r"\bblades?\b|\brazors?\b|compass|sharpener|lighter|\bknife\b",
            r"\bscars?\b|\bcuts\b|\blines\b on|\bwounds?\b|dressings?",
            r"pills|tablets|paracetamol|medicine cabinet|stomach pumped|swallowed",
            r"(?:wrote|left) (?:a )?(?:note|letters)|gave my things away|giving my things away|goodbye letters?",
            r"better (?:off )?without me|(?:want|wanted) to (?:die|disappear|stop existing|not be here)",
            r"not (?:want|wanting) to be here",
            r"(?:a|the) plan|how many (?:tablets|pills)|a date circled",
            r"the wrong side of the railing|engine running|\bjump\b",
            r"long sleeves|hide (?:it|them|the marks|my arms)|hoodie",
            r"\bstarv\w*|made myself sick|punish(?:ment|ing)? myself|punch(?:ed|ing)? (?:walls|the wall)|hit my head",
            r"intensive care|a&e|ambulance|paramedics",
            r"made (?:the )?(?:noise|pain|feeling|static) (?:in my head )?(?:stop|go away)|to feel something",
            r"feel anything",
            r"how easy it would be|(?:thoughts?|thought) (?:of|about) (?:driving into|jumping|stepping|ending)",
            r"central reservation",
            r"(?:red|thin|white|silver) lines|sleeves down|everything sharp|sorry for the mess|stop existing",
        ),
    },
    "addiction": {
        "explicit": (
            (
                r"addict(?:ion|ed to (?:drink|alcohol|drugs|gambling|heroin|cocaine|crack|painkillers|pills|opioids"
                r"|betting))"
            ),
            r"alcoholi\w*|\balcohol\b",
            r"\bsober\w*|sobriety|(?:clean|dry) for|(?:years?|months?|days?) (?:clean|dry|sober)",
            r"\brehab\b|detox|twelve steps|12 steps|\baa\b|\bna\b|gamblers anonymous|alcoholics anonymous",
            r"fellowship|sponsor|\bchip\b",
            r"relaps\w*",
            r"heroin|cocaine|\bcoke\b|crack|methadone|opioids?|opiates?|ketamine|\bspeed\b|amphetamine|\bmeth\b",
            r"gambl\w*|bookies?|bookmaker|betting|\bbets?\b|roulette|fruit machines?|slots|poker",
            r"drank (?:himself|herself|myself)|drunk every|drinking (?:problem|heavily|again)|heavy drinker",
            r"the drink\b|on the drink",
        ),
        "setting": (
            r"\bvodka\b|\bgin\b|whisk(?:e)?y|\bwine\b|\bbeer\b|\bcider\b|\blager\b|\bcans?\b(?!')|\bbottles?\b",
            r"miniatures|spirits",
            r"off-?licence|the pub\b|the club\b|supermarket|corner shop",
            r"\bpills\b|painkillers|prescriptions?|\bdealer\b|\bneedles?\b|\bgrams?\b|\bspoons\b|\bfoil\b",
            r"\bdrinks?\b|\bdrinking\b|\bdrank\b|\bdrunk\b|a drop\b",
            r"\bapps?\b|online|wages|savings|debts?|loans?|credit card",
        ),
        "event": (
            r"\bhid(?:e|ing|den)?\b|\bhidden\b|\bstash\w*|cistern|\bsecretly\b",
            r"by (?:noon|lunchtime|ten|eleven|nine)|before (?:eight|nine|ten|noon|lunch|breakfast|work)",
            r"every (?:morning|night|day)|first (?:drink|can|thing) (?:of the day|in the morning)|wine o'?clock",
            r"(?:the )?shakes|shaking|sweats|withdrawal|needed (?:it|them|a drink)|could ?n'?t stop",
            r"not a (?:drop|drink)|have ?n'?t (?:had a drink|touched|placed a bet|used)",
            r"(?:last|my last) (?:drink|bet|pill|hit)|since my last",
            r"meetings?|group on|count(?:ing)? the days|one day at a time",
            r"sold (?:my|his|her) \w+ to|to pay for it|lost (?:the|our|my) (?:savings|deposit|wages|house)|in debt",
            r"empty by|empties|the recycling|clink|three different shops",
            r"nodded off|passed out|could ?n'?t wake|slumped|blacked out|no memory",
            r"promise(?:d)? (?:to stop|i would ?n'?t|myself)|give up the drink|stop drinking",
            r"needed (?:just )?to get (?:out of bed|through|up)|(?:my|the) drinking",
            r"spoons (?:kept )?(?:going )?missing|how much i was buying",
        ),
    },
    "sexual-violence": {
        "explicit": (
            r"\brap(?:e|ed|ist)\b",
            r"sexual(?:ly)? (?:assault\w*|abuse\w*|harass\w*|violen\w*)",
            r"\bassault(?:ed)?\b|\bmolest\w*|\bgroom(?:ed|ing)\b|\bgrop\w*|indecent\w*|exposed himself",
            r"\babus(?:e|ed) me\b|\babused\b",
            r"spiked|drugged",
            r"referral centre|forensic|\bsarc\b|rape crisis",
            r"did ?n'?t stop when i said|would ?n'?t take no|said no\b|i said no|without (?:my )?consent|consent",
        ),
        "setting": (
            (
                r"\b(?:uncle|stepfather|stepdad|coach|teacher|boss|manager|priest|youth leader|stranger|boyfriend|man"
                r"|men|he)\b"
            ),
            r"party|nightclub|\bclub\b|\bbar\b|festival|night bus|\btrain\b|stockroom|office|cloakroom|tent",
            r"car park|alley",
            r"\bdrunk\b|\bdrink\b|\bdrinks\b",
        ),
        "event": (
            r"\bfroze\b|\bfreez\w*|could ?n'?t move|pretended to be asleep|went somewhere far away|until it was over",
            r"(?:pressed|pushed|pinned) (?:himself )?(?:against|me)|on top of me",
            r"hands? (?:on|up|down|under) (?:my|me)|touch(?:ed|ing)? me|put his hands?",
            r"our (?:little )?secret|nobody would believe|no one would believe|not to tell|do ?n'?t tell",
            r"came into my room|into my bed|locked (?:the )?(?:door|car)|sit on his lap",
            r"(?:torn|ripped) (?:tights|clothes|dress)|woke up (?:in|with|and)|no memory",
            r"comments about my (?:body|legs|breasts)|what i (?:had been|was) wearing|things about my body",
            r"threaten\w* to (?:share|post|send)|photos? i had ?n'?t asked for|intimate (?:photos|images|pictures)",
            r"nudes",
            r"what (?:he|they|my \w+(?:'s \w+)?) did(?: to me)?|meant no|find me alone|got me alone",
            r"alone with (?:him|me)",
            r"(?:his|[a-z]+'s) hands\b|make up stories|did ?n'?t (?:think|know) it counted",
            r"\breported\b|statement|\bpolice\b|evidence|\btrial\b|convicted|charged",
            r"\bflinch\w*|\bsafe\b|\bscared\b|\bshaking\b",
        ),
    },
}

# Cross-label groups: they move every label, and the model learns in which direction.
SHARED_CUES: dict[str, tuple[str, ...]] = {
    "reassure": (
        r"\bhealthy\b|\bfine\b|perfectly well|all clear|\bclear\b|relie(?:f|ved)|happy tears|nothing to worry",
        r"strong heart ?beat|found the heart ?beat|heart ?beat straight away|was okay|were okay|safe and sound",
        r"\bcelebrat\w*|\bwonderful\b|\bbrilliant\b|\blove (?:it|this)\b|\bhappiest\b|\blaugh\w*",
    ),
    "passing": (
        r"\bneighbou?r\b|\bcolleague\b|friend of (?:a friend|mine)|\bdocumentary\b|\bnovel\b|\bfilm\b|\bbook\b",
        r"\bprogramme\b",
        r"\bvolunteer\w*|\bretired\b|\bruns (?:a|the)\b|works (?:on|in|at|as) (?:a|the)\b|support group|charity shop",
    ),
    "pet": (r"\b(?:hamster|goldfish|guinea pig|budgie|rabbit|tortoise|puppy|kitten|starter)\b",),
    "hyperbole": (r"\bnearly\b|\balmost\b|\bliterally\b|\bhonestly\b",),
    "first_person_pain": (
        r"\bi (?:still )?(?:could ?n'?t|cannot|can'?t) (?:stop|breathe|sleep|bear|face)|broke me|nearly broke",
        r"shattered me|\bnumb\b",
        r"\bcried\b|\bsobb\w*|\bshaking\b|\btrembl\w*",
    ),
}

# Figurative or idiomatic uses, blanked before any cue matching.
IDIOMS: tuple[str, ...] = (
    r"could (?:have|'?ve|of) (?:killed|murdered|strangled|throttled) \w+",
    r"(?:will|'ll|gonna|going to|would) (?:kill|murder|strangle) (?:me|him|her|you|us)",
    r"kill me now",
    r"killing (?:me|myself|us) (?:laughing|with)|killed (?:myself|me) laughing",
    r"(?:nearly|almost|could have|practically) died\b(?: (?:of|from|laughing|with) \w+)?|died laughing",
    r"died of (?:embarrassment|shame|boredom)",
    r"\bdying (?:to|for|of)\b",
    r"to die for",
    (
        r"(?:phone|battery|laptop|car|engine|computer|plants?|tomatoes|party|conversation|signal|torch|batteries) "
        r"(?:had |has |just |finally )?died"
    ),
    r"died on (?:the motorway|me)",
    r"\bdead (?:on my feet|tired|legs|by \w+|end|quiet|ringer|easy|set)\b",
    r"\bkill(?:ed|ing|s)? (?:it|time|the mood|the lights|the engine)\b",
    r"\b(?:absolutely |really )?killed (?:at|on stage)\b|comedian (?:absolutely )?killed",
    (
        r"(?:work|revision|this job|it|the exam|that exam|the hill|my feet|my back) (?:is |was )?(?:nearly |almost "
        r"|really )?killing me"
    ),
    r"nearly killed me|almost killed me|nearly finished me off",
    r"my heart (?:sank|died a little|skipped)|heart died a little",
    r"\bdrunk on\b|\bdrowned my sorrows\b",
    r"cheat(?:ed|ing|s)? (?:at|death)|cheating (?:on me )?with the (?:neighbou?r'?s )?wi-?fi",
    (
        r"addicted to (?!drink|alcohol|drugs|gambling|heroin|cocaine|crack|painkillers|pills|opioids|betting|the"
        r" bottle)\w+(?: \w+)?"
    ),
    r"(?:coffee|caffeine|chocolate|sugar|tea|crossword|sudoku|netflix|telly|tv) addict",
    r"divorce(?:d)? (?:of|from) (?:cheese|wine|insurance|corporate|the whole idea|my job|work)\w*",
    r"divorce the whole idea",
    r"married to (?:his|her|my|the) (?:job|work|spreadsheet|phone)|marriage (?:to my spreadsheet|of convenience)",
    r"separat\w* (?:the )?(?:egg|eggs|whites|yolks|laundry|recycling|colours)",
    r"separated from (?:my|her|his) (?:phone|sense|bag|luggage)",
    r"abandoned (?:factory|building|railway|car|house|mine|line|ball|project|station|warehouse|tomato|plants?)",
    r"(?:poor |my )?(?:tomato )?plants were abandoned",
    r"abandoned by the bus|felt abandoned by the",
    r"(?:murdered|massacred|slaughtered) in the second half|was a bloodbath|meeting was a bloodbath",
    r"beat(?:ing)? myself up|hit the wall at|hit the (?:gym|road|shops|sack|hay)",
    r"cut ties with (?:my old )?(?:gym|bank|company|provider)",
    r"cut (?:my|his|her) (?:own )?(?:hair|fringe|finger|thumb|hand)",
    r"buried myself in|bury (?:myself|my head) in",
    r"gave up the ghost",
    # A fear that turned out unfounded: "I thought he was having an affair, but he was taking dance lessons."
    (
        r"(?:thought|worried|was convinced|suspected|feared|was (?:sure|scared|afraid|terrified)) (?:that"
        r" )?[^.;:!?]{0,70}?, but (?:it|he|she|they|the \w+) (?:was|were|turned out|had been|stopped|came back)"
    ),
    r"signed (?:the )?papers for (?:our|the|a|my) (?:first )?(?:mortgage|house|flat|car|loan|lease|contract|job)",
    r"shot of (?:tequila|vodka|whisky|espresso)",
    r"(?:band|team|group) (?:broke up|split up)",
    r"lost (?:my|the|our) (?:keys|wallet|phone|bag|way|power|match|final|game|temper|voice|signal|receipt)",
    r"lost the (?:final|match|game) \w+",
    r"(?:in )?mourning for my favourite",
    r"(?:walked|walk) out (?:of|halfway) (?:the )?(?:cinema|film|meeting|theatre|mid-?tour)|walked out mid-?tour",
)

NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "n't",
        "nobody",
        "none",
        "nothing",
        "neither",
        "nor",
        "hardly",
        "barely",
        "nowhere",
    }
)
_NEG_WINDOW = 4
_NEGATOR_RE = re.compile(r"\b(?:not|no|never|nobody|none|nothing|neither|nor|hardly|barely|nowhere)\b|n't")
_RECOVERY_RE = re.compile(r"\b(?:any ?more|since|these days|for (?:\w+ )?(?:years|months|weeks))\b")
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\"\n]| but | and then | until | because ")


def _top_level_alternatives(pattern: str) -> list[str]:
    """Split a pattern on the ``|`` that are not inside brackets or character classes."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _compile(patterns: Sequence[str]) -> re.Pattern[str]:
    """One alternation per group, every branch anchored at a word start by a single leading guard.

    A branch's own leading \b is dropped: then most branches start with a literal letter, which the regex
    engine rejects in one comparison. This is what keeps a 3,000-word story well under the time budget.
    """
    branches = []
    for pattern in patterns:
        for branch in _top_level_alternatives(pattern):
            branches.append(branch[2:] if branch.startswith("\\b") else branch)
    # (?<!\w) rather than \b: same positions for word-initial branches, and about twice as fast in CPython's re.
    return re.compile(r"(?<!\w)(?:" + "|".join(branches) + ")")


def _build() -> tuple[list[str], list[tuple[str, re.Pattern[str]]]]:
    names: list[str] = []
    compiled: list[tuple[str, re.Pattern[str]]] = []
    for label, groups in LABEL_CUES.items():
        for group, patterns in groups.items():
            compiled.append((f"{label}:{group}", _compile(patterns)))
    for group, patterns in SHARED_CUES.items():
        compiled.append((f"shared:{group}", _compile(patterns)))
    for name, _ in compiled:
        names.extend([name, f"{name}:neg"])
    return names, compiled


GROUP_FEATURES, _COMPILED = _build()
_IDIOM_RE = _compile(IDIOMS)
_TOKEN_RE = re.compile(r"[a-z0-9']+")


def blank_idioms(text: str) -> str:
    """Replace figurative phrases with spaces (keeping offsets) so their words cannot trigger a cue."""
    return _IDIOM_RE.sub(lambda m: " " * len(m.group(0)), text)


def _negated(text: str, start: int, end: int) -> bool:
    """True when a negator sits within a few words before ``start`` in the same clause.

    "I don't hurt myself any more" and "I haven't touched a drink since" are about the experience, not a denial
    of it, so a negation followed by a recovery phrase does not count.
    """
    before = text[max(0, start - 60) : start]
    if not _NEGATOR_RE.search(before):  # the common case, decided in one regex call
        return False
    clause = _CLAUSE_BREAK.split(before)[-1]
    words = _TOKEN_RE.findall(clause.replace("n't", " n't"))[-_NEG_WINDOW:]
    if not any(w in NEGATORS for w in words):
        return False
    after = _CLAUSE_BREAK.split(text[end : end + 40])[0]
    return not _RECOVERY_RE.search(after)


def _own_negation(token: str) -> bool:
    return token.split(" ", 1)[0] in NEGATORS or token.startswith(("could", "can", "did", "was", "is"))


def sentence_hits(text: str, spans: Sequence[tuple[int, int]]) -> list[dict[str, int]]:
    """Concept-group hit counts (capped at 3) for each ``(start, end)`` span of normalised lower-case ``text``.

    Each group's pattern runs once over the whole text, so a long story costs a few regex passes rather than
    one per sentence.
    """
    clean = blank_idioms(text)
    matches = [(name, list(pattern.finditer(clean))) for name, pattern in _COMPILED]
    # The "no" of "no heartbeat" belongs to that cue; it must not also negate "scan" in "no heartbeat at the scan".
    # Only a determiner "no" is consumed; "never" in "never came back" still negates what follows.
    consumed = sorted({m.start() for _, found in matches for m in found if m.group(0).startswith("no ")})
    negation_text = clean
    for position in consumed:
        negation_text = f"{negation_text[:position]}  {negation_text[position + 2 :]}"
    starts = [start for start, _ in spans]
    hits: list[dict[str, int]] = [{} for _ in spans]
    for name, found in matches:
        for match in found:
            index = bisect_right(starts, match.start()) - 1
            if index < 0 or match.start() >= spans[index][1]:
                continue
            negated = not _own_negation(match.group(0)) and _negated(
                negation_text, match.start(), match.end()
            )
            key = f"{name}:neg" if negated else name
            counts = hits[index]
            counts[key] = min(counts.get(key, 0) + 1, 3)
    return hits
