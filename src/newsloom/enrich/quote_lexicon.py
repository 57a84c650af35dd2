"""Word lists for quote attribution: speech verbs, role nouns, pronouns and first-name genders.

Forms are listed inflected because the shared pipeline runs without spaCy's lemmatizer.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SPEECH_LEMMAS = (
    "say tell add state announce claim argue insist warn note explain acknowledge assert write "
    "declare continue reply respond answer counter concede admit suggest stress emphasize "
    "emphasise recall predict promise vow pledge urge caution complain confirm maintain observe "
    "remark reiterate repeat post tweet testify contend allege charge agree disclose reveal "
    "report recount boast joke quip lament estimate conclude predict contend caution mention "
    "shout scream whisper concur object signal indicate underline underscore reaffirm "
    "acknowledge hint ask"
)
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
}


def _inflect(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    if lemma.endswith(("sh", "ch", "ss", "x")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    if lemma in ("admit", "commit", "quip", "object"):
        doubled = lemma + lemma[-1] if lemma != "object" else lemma
        return (lemma, lemma + "s", doubled + "ed", doubled + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


SPEECH_VERBS: frozenset[str] = frozenset(
    form for lemma in _SPEECH_LEMMAS.split() for form in _inflect(lemma)
)
# Verbs that introduce a quoted fragment without a clause ("called it 'a disgrace'").
FRAGMENT_VERBS: frozenset[str] = SPEECH_VERBS | words(
    "call calls called calling describe describes described describing dub dubs dubbed "
    "label labels labelled labeled accuse accuses accused accusing brand branded brands "
    "slam slams slammed criticize criticized criticise criticised praise praised praises "
    "denounce denounced denounces blast blasted decry decried hail hailed"
)
# Verbs whose complement clause is reported speech only in the "X said that ..." frame.
INDIRECT_VERBS: frozenset[str] = SPEECH_VERBS - words(
    "continue continues continued continuing repeat repeats repeated repeating post posts "
    "posted posting signal signals signalled signaled signaling indicate indicates indicated "
    "indicating report reports reported reporting ask asks asked asking"
)

MALE_PRONOUNS = frozenset({"he", "him", "his"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers"})
GROUP_PRONOUNS = frozenset({"it", "they", "we"})
PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | GROUP_PRONOUNS

# Nouns naming a person by office or role ("the spokesman said").
ROLE_NOUNS = words(
    "spokesman spokeswoman spokesperson minister president ambassador senator governor mayor "
    "secretary official chairman chairwoman chair director chief leader lawmaker congressman "
    "congresswoman representative prosecutor judge attorney lawyer general commander "
    "envoy diplomat premier chancellor king queen prince candidate nominee executive ceo "
    "founder economist analyst professor researcher scientist officer sheriff adviser advisor "
    "aide speaker strategist pollster coach manager owner founder negotiator mediator "
    "investigator inspector detective captain colonel sergeant lieutenant admiral"
)
FEMALE_ROLES = frozenset({"spokeswoman", "chairwoman", "congresswoman", "queen"})
MALE_ROLES = frozenset({"spokesman", "chairman", "congressman", "king", "prince"})

MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "lady", "dame"})

# Common first names whose gender is unambiguous in news about US politics, Europe and Ukraine.
# A person whose first name is in neither list is compatible with any pronoun.
MALE_NAMES = words(
    """
    aaron adam adrian ahmed alan albert alex alexander alexei alexey ali andrei andrew andriy
    andy anthony antony antonio arthur asim barack ben benjamin bernie bill billy bob boris
    brad brendan brett brian bruce carl carlos charles charlie chris christopher chuck clarence
    colin craig dan daniel darren dave david dennis dick dmitry dmytro don donald doug douglas
    ed edward elon emmanuel eric evan frank fred gary gavin george gerald glenn greg gregory
    hakeem hank harry henry hunter ian igor ishaq ivan jack jacob jake james jamie jared jason
    javier jd jeff jeffrey jerome jim jimmy joe joel john johnny jon jonathan jose joseph josh
    joshua juan justin keir keith ken kevin kyle larry lindsey lloyd luis marco mark martin matt
    matthew max michael mike mitch mohammed muhammad narendra nathan neil nick nicholas oleksandr
    olaf oliver patrick paul pete peter phil philip rand ray raphael richard rick rishi rob
    robert roger ron ronald ross ryan sam samuel scott sean sergei sergey sergiy stephen steve
    steven ted terry thomas tim timothy todd tom tony victor vivek vladimir volodymyr walter wes
    william xi yuri
    """
)
FEMALE_NAMES = words(
    """
    alexandria alice alicia amanda amy andrea angela ann anna anne annalena barbara betsy
    catherine christine claire claudia diana donna elena elise elizabeth ellen emily emma
    giorgia gretchen hillary iryna jane janet jennifer jessica jill joan joni julia karine
    kamala karen kate katherine kathy kathleen kelly kimberly kristi laura lauren linda lisa
    liz lyudmila margaret maria marjorie mary maxine melania michelle monica nancy natalia
    nikki nina olena olga pam pamela patricia rachel rebecca sandra sarah sharon shelley
    sonia susan suzanne tulsi tina ursula valentina victoria yulia
    """
)


def gender_of_first_name(name: str) -> str | None:
    """``"m"``, ``"f"`` or None for a first name (any case)."""
    low = name.lower().strip(".")
    if low in MALE_NAMES:
        return "m"
    if low in FEMALE_NAMES:
        return "f"
    return None
