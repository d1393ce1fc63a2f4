"""Name clustering: every proper name of a person grouped under the person it names.

"Elizabeth", "Lizzy", "Miss Bennet" and "Elizabeth Bennet" are one person; "Mr. Bennet" and
"Mrs. Bennet" are two. Names are parsed into title / given names / surname, then clustered
from the most specific (given name and surname) to the least (one bare word), each joining
the compatible cluster (same surname, same or nickname-equivalent given name, no clash of
gender or of Miss/Mrs.) or starting its own.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

# title -> gender it implies ("M", "F" or "" for none). Married/unmarried matters for women.
# Military ranks are taken as men: in the books personae reads they nearly always are.
TITLE_GENDER = {
    "mr": "M", "mister": "M", "sir": "M", "lord": "M", "master": "M", "monsieur": "M",
    "herr": "M", "signor": "M", "senor": "M", "don": "M", "prince": "M", "count": "M",
    "duke": "M", "baron": "M", "earl": "M", "marquis": "M", "king": "M", "emperor": "M",
    "tsar": "M", "czar": "M", "uncle": "M", "father": "M", "brother": "M", "monseigneur": "M",
    "papa": "M", "mama": "F", "mamma": "F", "grandpa": "M", "granny": "F", "grandma": "F",
    "mrs": "F", "miss": "F", "ms": "F", "madam": "F", "madame": "F", "mme": "F",
    "mademoiselle": "F", "mlle": "F", "lady": "F", "dame": "F", "princess": "F",
    "countess": "F", "duchess": "F", "baroness": "F", "queen": "F", "empress": "F",
    "aunt": "F", "sister": "F", "mother": "F", "frau": "F", "fraulein": "F", "signora": "F",
    "senora": "F", "donna": "F", "marquise": "F", "tsarina": "F", "comte": "M", "comtesse": "F",
    "vicomte": "M", "vicomtesse": "F",
    "dr": "", "doctor": "", "professor": "", "prof": "", "colonel": "M", "col": "M",
    "captain": "M", "capt": "M", "major": "M", "general": "M", "gen": "M", "lieutenant": "M",
    "lieut": "M", "lt": "M", "sergeant": "M", "sgt": "M", "corporal": "M", "private": "",
    "admiral": "M", "commodore": "M", "judge": "", "justice": "", "president": "",
    "governor": "", "senator": "", "reverend": "", "rev": "", "saint": "", "st": "",
    "honourable": "", "honorable": "", "hon": "", "bishop": "", "cardinal": "", "pope": "", "mayor": "", "squire": "", "esquire": "",
    "comrade": "", "citizen": "",
    # the dialect forms of the books' speech ("Mistah Oakley", "Marse Chan", "Missis Hall")
    "mistah": "M", "mistuh": "M", "marse": "M", "massa": "M", "missis": "F", "missus": "F",
    "cap'n": "M", "cap'ain": "M",  # a sailor's "Cap'n Smollett"
    # the countryside's titles: "Farmer Boldwood", "Widow Douglas" ("Parson" too was tried:
    # LitBank's quotations read worse with it, 75.1 -> 74.5%)
    "farmer": "M", "gaffer": "M", "widow": "F",
    # plurals, as in "Generals Hancock and Warren", "Messrs. Smith"
    "generals": "M", "colonels": "M", "captains": "M", "majors": "M", "messrs": "M",
    "mesdames": "F", "misses": "F",
}
TITLES = frozenset(TITLE_GENDER)
# a title's abbreviation or spelling is that title: "Doctor Kemp" is "Dr. Kemp"; the sets
# below hold parsed titles, after this mapping ("mister" is "mr", "capt" is "captain")
SAME_TITLE = {"doctor": "dr", "prof": "professor", "capt": "captain", "col": "colonel", "gen": "general",
              "lieut": "lieutenant", "lt": "lieutenant", "sgt": "sergeant", "rev": "reverend",
              "st": "saint", "hon": "honourable", "honorable": "honourable", "mme": "madame",
              "mlle": "mademoiselle", "mister": "mr", "cap'n": "captain", "cap'ain": "captain", "mamma": "mama",
              "comte": "count", "comtesse": "countess"}
# "Lady X" is a wife or a peer's daughter, never the "Miss X" of the same book
# titles of rank: a father "Sir Thomas Bertram" is not his son "Tom Bertram"; nobody so
# titled is ever "Mr." or "Mrs."
RANK_TITLES = frozenset({"sir", "lord", "lady", "dame", "prince", "princess", "count", "countess",
                         "duke", "duchess", "baron", "baroness", "earl", "marquis", "king", "queen"})
# a sovereign is never one of the nobility: "Emperor Alexander" is not "Prince Alexander Golítsyn"
SOVEREIGN_TITLES = frozenset({"king", "queen", "emperor", "empress", "tsar", "czar", "tsarina", "czarina"})
# titles that, written in lower case, are any woman or man: "the lady" is not Lady Mellanby
WOMAN_OR_MAN = frozenset("lady lord master mistress madam dame".split())


def any_woman_or_man(title: str, written: str) -> bool:
    """`title` (lower case) written in lower case in `written`: "the lady" is any woman, not
    the cast's one Lady."""
    return title in WOMAN_OR_MAN and title in written


# the English honorifics a book never drops from a given name: "Sir John" is never "John"
HONORIFICS = frozenset({"sir", "lady", "dame", "lord"})
COMMON_TITLES = frozenset({"mr", "mrs", "miss", "ms", "mistah", "mistuh", "missis", "missus"})
# an officer is called by rank: "Captain Tilney" is not the "Mr. Tilney" of the same book
MILITARY_TITLES = frozenset({"captain", "colonel", "major", "general", "lieutenant", "admiral",
                             "commodore", "sergeant", "corporal"})
# one man's titles: "Doctor Losberne" is "Mr. Losberne", "Professor Van Helsing" "Dr. Van Helsing"
ONE_MANS_TITLES = frozenset({"mr", "dr", "professor", "reverend", "farmer"})
# kin of an elder generation, called by the family's surname: none of its children
ELDERS = frozenset({"aunt", "uncle", "grandpa", "grandma", "granny"})
# a man's civil title, in the book's own dialect or rank: the "Mr." of a family
MISTERS = frozenset({"mr", "mistah", "mistuh", "farmer"})
# offices of no stated sex that the books' women did not hold: "Judge Thatcher" is not
# Bessie Thatcher, his daughter, though the name list says nothing of a judge's sex
MENS_OFFICES = frozenset({"judge", "justice", "reverend", "bishop", "cardinal", "pope", "mayor",
                          "squire", "esquire", "governor", "senator"})
MARRIED = frozenset({"mrs", "madame", "frau", "signora", "senora", "lady"})
UNMARRIED = frozenset({"miss", "mademoiselle", "fraulein"})
# after these a lone word is a given name ("Sir William", "Lady Catherine", "Prince Andrew")
GIVEN_AFTER = frozenset({"sir", "lady", "lord", "dame", "prince", "princess", "aunt", "uncle",
                         "king", "queen", "emperor", "empress", "saint", "brother",
                         "sister", "father", "mother", "master", "don", "donna", "tsar", "czar",
                         "tsarina", "marse", "massa"})
# after these a lone word is a surname or a given name ("Miss Bennet", "Miss Lizzy", "Mistah Frank")
FIRST_NAME_TITLES = frozenset({"miss", "master", "mademoiselle", "fraulein", "madam", "mistah",
                               "mistuh", "missis", "missus", "monsieur", "madame"})
SAINT_WORDS = frozenset({"st", "saint"})  # as "st." (a particle): "Saint Aubert", "St Aubert"
PARTICLES = frozenset({"de", "du", "da", "di", "van", "von", "der", "den", "la", "le", "del",
                       "della", "des", "ten", "ter", "mac", "st."})
# Russian patronymics ("Petrovitch", "Ivanovna") are middle names, not surnames
PATRONYMIC = re.compile(r"(?:ovi?tch|evi?tch|ovich|evich|ovna|evna|ichna|inichna|ich|itch|yevna)$")
SUFFIXES = frozenset({"jr", "sr", "junior", "senior", "esq", "ii", "iii", "iv"})
# honorifics written after the name, as the title they stand for
TITLES_AFTER = {"begum": "mrs", "khanum": "mrs", "sahib": "mr", "memsahib": "mrs"}  # Urdu honorifics
SAHIB_FOR_WOMEN = {"mem": "mrs", "missie": "miss", "missy": "miss"}  # "Mem Sahib", "Missie Sahib"
# what joins the items of a list: ", ", ", and ", " or "...
LIST_JOINT = r"(?:,\s+(?:or\s+|and\s+)?|\s+(?:or|and)\s+)"
# "the Russian", "an Englishman", "the Poles": a nationality names no one in particular
DEMONYMS = frozenset("""
american americans english englishman englishmen englishwoman englishwomen british briton
britons french frenchman frenchmen frenchwoman frenchwomen german germans russian russians
pole poles polish italian italians spaniard spaniards spanish portuguese dutch dutchman
dutchmen irish irishman irishmen irishwoman scot scots scotsman scotsmen scotch welsh
welshman austrian austrians prussian prussians hungarian hungarians swiss swede swedes
swedish dane danes danish norwegian norwegians finn finns greek greeks turk turks turkish
arab arabs persian persians indian indians chinese chinaman japanese jew jews jewess
gentile gentiles christian christians mohammedan mohammedans moslem muslim catholic
catholics protestant protestants yankee yankees southerner southerners northerner
northerners cossack cossacks tatar tatars tartar tartars gipsy gipsies gypsy gypsies
slav slavs slovak slovaks magyar magyars bohemian bohemians roman romans egyptian
egyptians african africans european europeans asiatic canadian canadians confederate
confederates federals rebels unionist unionists mexican
mexicans negro negroes belgian belgians bavarian bavarians saxon saxons norman normans
zulu zulus hottentot hottentots kafir kafirs kaffir kaffirs boer boers bushman bushmen malay malays
highlander highlanders lowlander lowlanders parisian parisians londoner londoners
parsee parsees hindoo hindoos hindu hindus malay malays lascar lascars moor moors
""".split())
GENDER_LABEL = {"M": "he/him", "F": "she/her"}
# the sex a person noun gives away: "the old man", "her father", "said the landlady"
NOUN_GENDER = {
    **dict.fromkeys("man men boy boys gentleman gentlemen gent father husband brother son uncle nephew "
                    "grandfather grandson king prince lord duke earl count baron sir master fellow lad "
                    "chap youth papa pa dad daddy monk priest clergyman vicar rector bachelor bridegroom "
                    "groom landlord host hero squire father-in-law brother-in-law son-in-law "
                    "colonel captain major general sergeant lieutenant".split(), "M"),
    **dict.fromkeys("woman women girl girls lady ladies mother wife sister daughter aunt niece "
                    "grandmother granddaughter queen princess duchess countess baroness madam mistress "
                    "lass maid maiden mamma mama mammy ma mum mummy nun bride landlady hostess heroine "
                    "widow mother-in-law sister-in-law daughter-in-law wench dame governess actress "
                    "housekeeper spinster".split(), "F"),
}
# words of those endings that are no man or woman ("the German" is either)
NOT_BY_ENDING = frozenset("human german roman norman ottoman talisman caiman cayman dolman "
                          "witness address process access success excess recess progress congress "
                          "express distress mattress fortress business cypress duress prowess".split())


def noun_gender(noun: str) -> str:
    """ "M", "F" or "" for a person noun: from NOUN_GENDER, else from its ending (the
    Englishwoman, the barman, the actress)."""
    noun = noun.lower()
    if noun in NOUN_GENDER:
        return NOUN_GENDER[noun]
    if noun in NOT_BY_ENDING or noun.endswith(("ness", "less")):
        return ""
    if noun.endswith("woman"):
        return "F"
    if noun.endswith("man") and len(noun) > 4:
        return "M"
    if noun.endswith("ess") and len(noun) > 5:
        return "F"
    return ""


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


@dataclass(frozen=True)
class NameParts:
    titles: tuple[str, ...]  # lower case, no dot
    given: tuple[str, ...]  # lower case; initials kept as one letter
    surname: str | None  # lower case, particles included ("de bourgh")
    ambiguous: bool = False  # a lone word that may be a given name or a surname

    @property
    def gender(self) -> str:
        genders = {TITLE_GENDER[t] for t in self.titles} - {""}
        return genders.pop() if len(genders) == 1 else ""

    @property
    def patronymics(self) -> set[str]:
        return {g for g in self.given if is_patronymic(g)}

    @property
    def specificity(self) -> int:
        return len(self.given) + (self.surname is not None)


def normalise(name: str) -> str:
    """One spelling per name: curly apostrophes, spaces and title dots unified."""
    name = " ".join(name.translate(_APOSTROPHES).split())
    if name.isupper() and len(name) > 1:  # "DARCY" in a letter's heading
        name = name.title()
    name = re.sub(r"'s$|'$", "", name)
    # a sentence's full stop the tokenizer kept on a name it knows as an abbreviation
    # ("said Jan." for January): "Jan" (titles get their dot back below)
    name = re.sub(r"\b([A-Z][a-z]{2,})\.$", r"\1", name)
    return re.sub(r"\b(Mr|Mrs|Ms|Dr|St|Mme|Mlle|Capt|Col|Gen|Lt|Sgt|Rev|Prof)\b(?!\.)", r"\1.", name)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents: "Natásha" and "Natasha" are one name."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# abbreviations of a rank's first part the title tables lack: "Brig.-Gen.", "Maj.-General"
_RANK_PREFIXES = {"brig": "brigadier", "brigadier": "brigadier", "maj": "major"}


def _compound_rank(word: str) -> str | None:
    """"Brig.-Gen." -> "general", "Lieutenant-Colonel" -> "colonel": a rank written in two
    hyphenated parts, each a military title (or one of _RANK_PREFIXES), is its second's."""
    parts = [SAME_TITLE.get(p, p) for p in (fold(p).rstrip(".") for p in word.split("-"))]
    if len(parts) == 2 and (parts[0] in MILITARY_TITLES or parts[0] in _RANK_PREFIXES) \
            and parts[1] in MILITARY_TITLES:
        return parts[1]
    return None


def parse(name: str) -> NameParts:
    words = [w for w in re.split(r"\s+", normalise(name)) if w]
    titles: list[str] = []
    while words and (rank := _compound_rank(words[0])):  # "Brig.-Gen. Francis C. Barlow"
        words.pop(0)
        titles.append(rank)
    while words and fold(words[0]).rstrip(".") in TITLES and len(words) > 1:
        title = SAME_TITLE.get(fold(words[0]).rstrip("."), fold(words[0]).rstrip("."))
        if title == "saint" and (titles or len(words) > 2):
            break  # "Madame St. Aubert": a surname, not a saint; "St. John Rivers": a given name
        words.pop(0)
        titles.append(title)
    while words and words[-1].rstrip(".,").lower() in SUFFIXES and len(words) > 1:
        words.pop()
    if len(words) > 1 and fold(words[-1]) in TITLES_AFTER:  # "Hamidullah Begum": Mrs. Hamidullah
        title = TITLES_AFTER[fold(words.pop())]
        # "the Mem Sahib" (The Secret Garden's Mrs. Lennox) is "the Memsahib" written apart,
        # "Missie Sahib" its young miss
        titles.append(SAHIB_FOR_WOMEN.get(fold(words[-1]), title) if title == "mr" else title)
    lowered = [fold(w).rstrip(".") if len(w.rstrip(".")) == 1 else fold(w) for w in words]
    if not lowered:
        return NameParts(tuple(titles), (), None)
    if len(lowered) == 1:
        word = lowered[0]
        if titles and titles[-1] in GIVEN_AFTER:
            return NameParts(tuple(titles), (word,), None)
        if titles:  # "Mr. Darcy", "Colonel Forster"; but "Miss Eliza", "Master Tom"
            return NameParts(tuple(titles), (), word, ambiguous=titles[-1] in FIRST_NAME_TITLES)
        return NameParts((), (word,), None, ambiguous=True)
    if is_patronymic(lowered[-1]):  # "Pyotr Petrovitch"
        return NameParts(tuple(titles), tuple(lowered), None)
    # the surname is the last word, with any particles before it ("Lady Catherine de Bourgh",
    # "Van Helsing", "Monsieur de Griers")
    cut = len(lowered) - 1
    while cut > 0 and (lowered[cut - 1] in PARTICLES or lowered[cut - 1] in SAINT_WORDS):
        cut -= 1
    given = lowered[:cut]
    if len(given) > 1 and given[0].rstrip(".") in ("st", "saint"):
        given = [f"st. {given[1]}", *given[2:]]  # "St. John Rivers", "Mr. St. John Rivers"
    return NameParts(tuple(titles), tuple(given), " ".join(lowered[cut:]))


def is_patronymic(word: str) -> bool:
    return len(word) > 5 and PATRONYMIC.search(word) is not None


def patronymic_gender(parts: NameParts) -> str:
    """A patronymic says the sex as surely as a title: "Nikiforovna" a woman, "Petrovitch" a
    man; unless the given name says the other ("Martha Potapitch" is two servants run together)."""
    word = next(iter(sorted(parts.patronymics)), None)
    if word is None:
        return ""
    sex = "F" if word.endswith("na") else "M"
    first = given_name_gender(parts.given[0]) if parts.given[0] != word else ""
    return "" if first and first != sex else sex


@lru_cache(maxsize=1)
def _nicknamer():
    from nicknames import NickNamer
    return NickNamer()


@lru_cache(maxsize=65536)
def same_given(a: str, b: str, initials: bool = True, russian: bool = False) -> bool:
    """Given names that name the same person: equal, initial ("U." for Ulysses, unless
    `initials` is off), or nickname ("Lizzy" for Elizabeth); with `russian` (b is the name of
    a person the book names with a patronymic), a's being b's Russian pet form ("Rodya",
    Rodion)."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return initials and a[0] == b[0]
    # only a direct nickname: two names sharing a root ("Charlotte", "Caroline") are two people
    namer = _nicknamer()
    return (any(y in namer.nicknames_of(x) or x in namer.nicknames_of(y) for x in _spellings(a) for y in _spellings(b))
            or _diminutive(a, b) or _diminutive(b, a) or (russian and _russian_pet_form(a, b)))


@lru_cache(maxsize=16384)
def _spellings(name: str) -> frozenset[str]:
    """A given name and its spelling with or without a final "e" when the nickname tables
    give one for the other and both are of one sex: "Anne" is "Ann", whose pet name the
    tables say "Nancy" is; "Louise" is not "Louis"."""
    namer = _nicknamer()
    forms = {name}
    for other in (name + "e", name[:-1] if name.endswith("e") else ""):
        if (len(other) >= 3 and (other in namer.nicknames_of(name) or name in namer.nicknames_of(other))
                and given_name_gender(other) == given_name_gender(name) != ""):
            forms.add(other)
    return frozenset(forms)


DIMINUTIVE_ENDINGS = ("y", "ie", "ey")
MIN_DIMINUTIVE_STEM = 4


def _diminutive(short: str, full: str, min_stem: int = MIN_DIMINUTIVE_STEM, max_rest: int = 3) -> bool:
    """A pet form the nickname tables lack: the full name's first letters and "-y", "-ie"
    or "-ey" ("Charley" for Charles); the stem must be long enough that "Rosie" claims
    neither Rosamund nor Rosalind."""
    for ending in DIMINUTIVE_ENDINGS:
        if short.endswith(ending) and not full.endswith(ending):
            stem = short[:-len(ending)]
            if len(stem) >= min_stem and full.startswith(stem) and len(full) - len(stem) <= max_rest:
                return True
    return False


# the suffixes of Russian pet names, as English translations spell them: Rodya, Sonia,
# Natasha, Nikolenka, Andryusha, Sonechka, Liza
RUSSIAN_PET_ENDINGS = ("ya", "ia", "ja", "a", "nya", "nia", "sha", "asha", "usha", "yusha", "ushka",
                       "ka", "enka", "onka", "inka", "echka", "ochka", "ichka", "nechka")
MIN_RUSSIAN_STEM = 3  # "Rod-ya"; two letters only before a suffix of three ("So-nia", "Ma-sha")
MIN_RUSSIAN_CUT = 3  # letters of the full name a short suffix replaces: "Rod-ion", not "Mar-fa" for Maria


def _russian_pet_form(short: str, full: str) -> bool:
    """"Rodya" for Rodion, "Sonia" for Sofya: the full name's first letters, then a pet suffix."""
    short, full = fold(short), fold(full)
    for ending in RUSSIAN_PET_ENDINGS:
        stem = short[:-len(ending)]
        long_ending = len(ending) >= 3
        if (short.endswith(ending) and len(stem) >= (2 if long_ending else MIN_RUSSIAN_STEM)
                and full.startswith(stem) and full != short
                and len(full) - len(stem) >= (2 if long_ending else MIN_RUSSIAN_CUT)):
            return True
    return False


SHORT_DIMINUTIVE_STEM = 2  # "Evie": of the one Ev... a book names in full


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector as detector
    return detector.Detector(case_sensitive=False)


def is_first_name(word: str) -> bool:
    """Whether the first-name list (gender-guesser's data) knows `word`, of either sex or both."""
    return len(word) >= 2 and _gender_detector().get_gender(word) != "unknown"


def given_name_gender(given: str, sure: bool = False) -> str:
    """'M', 'F' or '' from a first-name list (gender-guesser's data); `sure`: only for the
    names the list gives to one sex, not those mostly one's ("Jamie", mostly a woman's now,
    was James Tullis's)."""
    if len(given) < 2:
        return ""
    guess = _gender_detector().get_gender(given)
    if sure:
        return {"male": "M", "female": "F"}.get(guess, "")
    return {"male": "M", "mostly_male": "M", "female": "F", "mostly_female": "F"}.get(guess, "")


DISTINGUISHING_USES = 5
DISTINGUISHING_RATIO = 3  # the bare form this many times the full one, or it is its short form
HEAD_OF_FAMILY_LEAD = 3  # full-name uses over the next man of the surname
# a short name is shown with its title ("Mr. Collins", "Prince Andrew") when the book uses
# the titled form at least this share as often as its most used name
TITLED_NAME_SHARE = 0.25


def _majority(votes: Counter[str]) -> str:
    if votes["M"] > 2 * votes["F"]:
        return "M"
    if votes["F"] > 2 * votes["M"]:
        return "F"
    return ""


@dataclass
class NameCluster:
    names: Counter[str] = field(default_factory=Counter)
    given: set[str] = field(default_factory=set)
    # given names the book pairs with a surname (or the one a cluster began with): only
    # these are matched by nickname, so "Eliza" for Elizabeth does not pull in "Louisa"
    own_given: Counter[str] = field(default_factory=Counter)
    surnames: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    # (title, surname or None) of every titled name: "Miss Murray" may become "Mrs. Harker"
    # but never "Mrs. Murray"
    titled_names: set[tuple[str, str | None]] = field(default_factory=set)
    gender_votes: Counter[str] = field(default_factory=Counter)
    # votes of given names only mostly of one sex ("Jamie"): the person's sex when nothing
    # else tells it, but no bar to a name of the other sex joining them ("James Tullis")
    hinted_votes: Counter[str] = field(default_factory=Counter)
    first_given: set[str] = field(default_factory=set)  # each name's first given name
    first_surname: str | None = None  # the surname the person was first named by
    title_votes: Counter[str] = field(default_factory=Counter)  # genders of the titles alone
    # what the narration calls this person instead ("the Jew": Fagin), mentions each
    epithets: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.names.values())

    def title_uses(self) -> Counter[str]:
        """How often the book gives this person each title ("Admiral": 12)."""
        uses: Counter[str] = Counter()
        for name, count in self.names.items():
            for title in parse(name).titles:
                uses[title] += count
        return uses

    @property
    def russian(self) -> bool:
        """Named with a patronymic ("Rodion Romanovitch"): pet forms are Russian ones."""
        return any(is_patronymic(g) for g in self.given)

    @property
    def gender(self) -> str:
        return self.firm_gender or _majority(self.hinted_votes)

    @property
    def firm_gender(self) -> str:
        # titles are certain: "Lady Brett Ashley" is a woman however often she is "Brett"
        return _majority(self.title_votes if self.title_votes else self.gender_votes)

    def add(self, name: str, parts: NameParts, count: int) -> None:
        self.names[name] += count
        if parts.gender == "F" and parts.given and given_name_gender(parts.given[0]) == "M":
            # "Mrs. John Dashwood": her husband's given name, not hers; "Lady Bertram": a
            # man's name alone after "Lady" is her husband's surname
            alone = len(parts.given) == 1 and not parts.surname and set(parts.titles) & GIVEN_AFTER & MARRIED
            parts = NameParts(parts.titles, (), parts.given[0] if alone else parts.surname)
        if parts.given and (parts.surname or not self.own_given):
            self.own_given[parts.given[0]] += count
        self.given.update(g for g in parts.given if len(g) > 1 or not self.given)
        if parts.given:
            self.first_given.add(parts.given[0])
        if parts.surname:
            self.surnames.add(parts.surname)
            # "Worms" is "Professor de Worms"
            self.surnames.add(parts.surname.split()[-1])
            self.first_surname = self.first_surname or parts.surname
        self.titles.update(parts.titles)
        # "Miss Lydia" is Miss Bennet (the surname she was first named with), not Mrs. Wickham's rival
        surname = parts.surname or (self.first_surname if parts.given else None)
        self.titled_names.update((t, surname) for t in parts.titles)
        certain = parts.gender or patronymic_gender(parts)
        # a bare word that is this person's surname says nothing of their sex: "Joyce" is
        # Richard Joyce, a man, however often the book calls him so
        as_surname = parts.ambiguous and parts.given and parts.given[0] in self.surnames - self.own_given.keys()
        gender = certain or (given_name_gender(parts.given[0]) if parts.given and not as_surname else "")
        if gender and not certain and not given_name_gender(parts.given[0], sure=True):
            self.hinted_votes[gender] += count
        elif gender:
            # a title or a patronymic is certain, a first-name list only suggestive
            self.gender_votes[gender] += count * (3 if certain else 1)
        if certain:
            self.title_votes[certain] += count

    def uses_of(self, word: str) -> int:
        """How often this person's names contain `word` as a given name or surname. A
        surname under "Mrs." or "Miss", or after a woman's given name, does not count: a bare
        "Harker" is the husband, "Marmeladov" the father of "Sonia Marmeladov", since books
        seldom call a woman by her surname alone."""
        total = 0
        for name, count in self.names.items():
            parts = parse(name)
            woman = parts.gender == "F" or (not parts.gender and bool(parts.given)
                                            and given_name_gender(parts.given[0]) == "F")
            if word in parts.given or (word == parts.surname and not woman):
                total += count
        return total

    def untitled_uses_of(self, word: str) -> int:
        """How often this person's names hold `word` without an English honorific ("John
        Dashwood", "Colonel Fitzwilliam"; not "Sir John")."""
        return sum(count for name, count in self.names.items()
                   if word in ((parts := parse(name)).given + (parts.surname,))
                   and not set(parts.titles) & HONORIFICS)

    def distinguished_by_given(self, parts: NameParts, uses: int,
                               positions: dict[str, list[int]] | None = None,
                               bare: list[int] | None = None) -> bool:
        """The book keeps calling this person by title, given name and surname ("Mr. John
        Knightley", 28 times) and uses the bare "Mr. Knightley" (`uses`, 278) three times as
        often or more: then "Mr. Knightley" is somebody else; a bare form used less is a
        short form ("Dr. Lal" for "Dr. Panna Lal", "Mr. Holmes" 27 times for "Mr. Sherlock
        Holmes" 13 times). With the names' `positions` (and the bare name's, `bare`),
        the book must go on using the full form after the first quarter of the bare one's
        uses: a book that introduces "Mr. Thomas Marvel" (or "Mr. William Sikes") and then
        calls him "Mr. Marvel" names one man.
        A woman's own given name ("Mrs. Rachel Lynde") is only her full name; her husband's
        ("Mrs. John Dashwood") tells her from another Mrs. Dashwood."""
        def distinguishing(p: NameParts) -> bool:
            if not (p.given and p.surname == parts.surname and set(p.titles) & set(parts.titles)):
                return False
            return p.gender != "F" or given_name_gender(p.given[0]) == "M"
        full_names = [name for name in self.names if distinguishing(parse(name))]
        full = sum(self.names[name] for name in full_names)
        if not (full >= DISTINGUISHING_USES and uses > DISTINGUISHING_RATIO * full):
            return False
        if positions is None or not bare:
            return True
        first_quarter_end = bare[len(bare) // 4]
        later = sum(len(positions[n]) - bisect_left(positions[n], first_quarter_end)
                    for n in full_names if n in positions)
        return later >= DISTINGUISHING_USES

    def best_name(self) -> str:
        """The fullest proper name: most name parts, then the plainest ("Elizabeth Bennet"
        over "Miss Elizabeth Bennet", but "Mr. Collins" over "Collins"), then most used."""
        most = max(self.names.values())
        # beside forms used twice or more, a form written once with a given name no other
        # form of the person has ("Rodya Pyotr Petrovitch", a vocative run into the next
        # name) is no name of theirs; "Ruth Wilcox", once, is (a surname is how a book names
        # a person in full)
        words = Counter(w for n in self.names for w in set(parse(n).given))
        names = list(self.names)
        if most >= 2:
            names = [n for n, count in self.names.items()
                     if count >= 2 or all(words[w] >= 2 for w in parse(n).given)]

        alone = {parse(n).given[0] for n in self.names if (p := parse(n)).given and not p.surname}

        def key(name: str) -> tuple[int, int, int]:
            parts = parse(name)
            specificity = parts.specificity
            if parts.given and parts.surname and not (given_name_gender(parts.given[0])
                                                      or parts.given[0] in alone or len(parts.given[0]) == 1):
                specificity -= 1  # "Kings Weston": no given name that anyone is called by
            if parts.surname and len(parts.surname) == 1:
                specificity -= 1  # "Mary M": an initial for the surname is no fuller a name
            titled = len(parts.titles) if specificity < 2 else -len(parts.titles)
            if titled > 0 and self.names[name] < TITLED_NAME_SHARE * most:
                titled = 0  # "Aunt Emma" once is no name for Emma
            return (specificity, titled, self.names[name])
        return max(names, key=key)

    def _marriage_clash(self, titles: set[str], other: frozenset[str], surname: str | None) -> bool:
        """A "Mrs." and a "Miss" of the same name are two women; under two surnames they
        may be one woman before and after her wedding."""
        if not titles:
            return False
        return any(t in other and (surname is None or s is None or s == surname)
                   for t, s in self.titled_names)

    def compatible(self, parts: NameParts) -> bool:
        gender = parts.gender or (given_name_gender(parts.given[0], sure=True) if parts.given else "")
        # a given name's gender is a guess: "Brett Ashley" and "Lady Brett Ashley" are one
        # woman; but "Mrs. Charles Musgrove" bears her husband's name, not hers
        husbands = parts.gender == "F" and not set(parts.titles) & GIVEN_AFTER
        guessed = (bool(parts.given) and parts.given[0] in self.given and not husbands
                   and not (parts.gender and self.title_votes))
        if gender and self.firm_gender and gender != self.firm_gender and not guessed:
            return False
        titles = set(parts.titles)
        if self.names and ("saint" in titles) != ("saint" in self.titles):
            return False  # "St. Andrew" is no "Prince Andrew"
        # "Anna Pávlovna" is not "Anna Mikháylovna": a patronymic tells two Annas apart
        fathers = parts.patronymics
        own_fathers = {g for g in self.given if is_patronymic(g)}
        if fathers and own_fathers and not fathers & own_fathers:
            return False
        nobility = RANK_TITLES - SOVEREIGN_TITLES
        if (titles & SOVEREIGN_TITLES and self.titles & nobility) or (titles & nobility and self.titles & SOVEREIGN_TITLES):
            return False
        # a prince is always called one: "Prince Vasíli" is not "Major Vasíli Denísov"
        if titles & RANK_TITLES and not self.titles & RANK_TITLES and self.titles - GIVEN_AFTER:
            return False
        ranked = RANK_TITLES | MILITARY_TITLES
        if titles & COMMON_TITLES and self.titles & ranked:
            return False  # "Sir John" is never "Mr. John Dashwood"
        if titles & ranked and self.titles & COMMON_TITLES:
            # ... but a "Mr. Francis" said once is no title of his: "Sergeant Troy" is Francis Troy
            uses = self.title_uses()
            if any(uses[t] > 1 for t in self.titles & COMMON_TITLES):
                return False
        if self._marriage_clash(set(parts.titles) & MARRIED, UNMARRIED, parts.surname):
            return False
        if self._marriage_clash(set(parts.titles) & UNMARRIED, MARRIED, parts.surname):
            return False
        if parts.surname and self.surnames and parts.surname not in self.surnames:
            return False
        # against first names only: "Sir Walter Elliot" is not "William Walter Elliot"
        if parts.given and self.first_given and not any(same_given(parts.given[0], g, russian=self.russian)
                                                        for g in self.first_given):
            return False
        return True




def _nickname_only(c: NameCluster, parts: NameParts) -> bool:
    """The name shares no given name with the person, only a nickname, and one of the two
    bears a title of rank the other lacks."""
    return (parts.given[0] not in c.given
            and bool((set(parts.titles) ^ c.titles) & RANK_TITLES))


def _candidates(clusters: list[NameCluster], parts: NameParts, uses: int,
                positions: dict[str, list[int]] | None = None, name: str = "") -> list[NameCluster]:
    if parts.surname and parts.given:
        # a cluster with no given name yet is a wife under her husband's ("Mrs. John
        # Dashwood"): which of the book's Dashwood women she is, the name does not say
        return [c for c in clusters if parts.surname in c.surnames and c.given and c.compatible(parts)
                and not _nickname_only(c, parts)]
    if parts.surname:  # "Mr. Darcy"; with ambiguous=True it may also be a given name
        # a titled surname joins a person the book also names in full ("Fitzwilliam Darcy"),
        # or one called by the same title; "Colonel Forster" is not "Mrs. Forster"; a bare
        # surname with its particle ("De Griers") joins whoever bears it ("Monsieur de Griers")
        found = [c for c in clusters if parts.surname in c.surnames and c.compatible(parts)
                 and not (parts.titles and set(parts.titles) <= MENS_OFFICES and c.gender == "F")
                 and (c.given or not parts.titles or set(parts.titles) & c.titles
                      or (set(parts.titles) & ONE_MANS_TITLES and c.titles & ONE_MANS_TITLES))
                 and not (parts.titles and c.distinguished_by_given(
                     parts, uses, positions, positions.get(name) if positions else None))]
        if set(parts.titles) & ELDERS:
            # "Grandpa Smith" is the family's elder, not Tom Smith; "aunt Norris" is Mrs. Norris
            # ("Aunt March", whose word after "Aunt" parses as a given name, below)
            found = [c for c in found if not c.given or c.titles & ELDERS]
        if not found and parts.titles and set(parts.titles) <= MISTERS:
            found = _the_officer(clusters, parts)
        if not found and parts.ambiguous:
            found = [c for c in clusters if any(same_given(parts.surname, g) for g in c.given)
                     and c.compatible(NameParts(parts.titles, (parts.surname,), None))]
        elif (not found and set(parts.titles) <= {"mr", "mrs"} and parts.gender
              and given_name_gender(parts.surname) == parts.gender
              and not any(parts.surname in c.surnames for c in clusters)):
            # "Mrs. Rachel": Mr./Mrs. before a given name the book pairs with a surname
            as_given = NameParts(parts.titles, (parts.surname,), None)
            found = [c for c in clusters if parts.surname in c.own_given and c.surnames
                     and c.compatible(as_given)]
        elif not found and len(parts.surname) == 1 and parts.titles:
            # "Mr. E.", as his wife calls Mr. Elton: the one person of that title whose
            # surname has that initial (with a Colonel Forster and a Colonel Fitzwilliam,
            # "Colonel F." is either)
            titled = NameParts(parts.titles, (), None)
            found = [c for c in clusters if set(parts.titles) & c.titles and c.compatible(titled)
                     and any(s.startswith(parts.surname) for s in c.surnames)]
            found = found if len(found) == 1 else []
        return found
    word = parts.given[0]
    # the same given name, or a bare surname ("Darcy"): the person this word names most
    # often wins ("Fitzwilliam" is Colonel Fitzwilliam, not Fitzwilliam Darcy, named so twice)
    found = [c for c in clusters if word in c.given and c.compatible(parts)]
    if parts.ambiguous:
        found += [c for c in clusters if word in c.surnames and c not in found]
    if not found and parts.titles and parts.titles[-1] in GIVEN_AFTER:
        # "Lady Ashley", no one's given name, is the one "Lady Brett Ashley"
        as_surname = NameParts(parts.titles, (), word)
        found = [c for c in clusters if word in c.surnames and c.given and c.compatible(as_surname)
                 and not _other_generation(parts, c)  # "Aunt March": not Jo
                 # "Lady Lucas" is a wife, Sir William's, not Maria Lucas, whom no title marries
                 and not (set(parts.titles) & MARRIED and not c.titles & MARRIED)]
        if parts.gender and len(found) > 1:
            # "Mother Tall" is Susan Tall, not her husband Laban, whose name tells no sex
            found = [c for c in found if c.gender == parts.gender] or found
        if len(found) == 1:
            return found
    if parts.patronymics:  # "Vasíli Dmítrich" is the Vasíli of that father, however famous another
        found = [c for c in found if parts.patronymics & c.given] or found
    if len(found) > 1 and not parts.titles:
        # a baronet is always "Sir John": a bare "John" is the John the book names without
        # (John Dashwood); a Russian prince is "Andrew" to his family, so ranks do not count
        found = [c for c in found if c.untitled_uses_of(word)] or found
    if len(found) > 1 and positions and positions.get(name) and not parts.titles:
        found = _introduced_first(found, word, positions, positions[name])
    if found:
        # the person named so most often; of people named so about as often, the one the
        # book names most ("Nicholas" is Nicholas Rostóv, 773 mentions, named so 20 times,
        # not old Prince Nicholas, 63 mentions, 34 times)
        most = max(c.uses_of(word) for c in found)
        return [max(found, key=lambda c: (c.uses_of(word) * USES_TIE >= most, c.count, c.uses_of(word)))]
    # a nickname ("Lizzy" for Elizabeth); a bare word is no initial: "Dracula" is not "D. Lit"
    # against the person's main given name only: "Louisa" is no "Eliza" Bennet, though both
    # are forms of Elizabeth's nickname in the tables
    # "Aunt Polly" is no Mary of the book never called aunt: kin titles mark another generation
    found = [c for c in clusters if c.own_given and same_given(word, c.own_given.most_common(1)[0][0], False)
             and c.compatible(parts) and not _other_generation(parts, c)]
    if not found and not parts.titles:
        found = _russian_pet_of(clusters, word, parts)
    namer = _nicknamer()
    if found or len(word) <= SHORT_DIMINUTIVE_STEM + 1 or namer.nicknames_of(word) or namer.canonicals_of(word):
        return found
    # "Evie" for Evelyn Howard: a short pet form the tables do not know ("Mary" they know
    # as a name of its own), when only one person the book names in full has a given name
    # it can shorten
    found = [c for c in clusters if c.own_given and c.surnames
             and _diminutive(word, (full := c.own_given.most_common(1)[0][0]), SHORT_DIMINUTIVE_STEM, 10)
             and c.compatible(NameParts(parts.titles, (full,), None))]
    return found if len(found) == 1 else []


def _other_generation(parts: NameParts, cluster: NameCluster) -> bool:
    """A kin title of another generation ("Aunt March", "Aunt Polly") that the person never
    bears: someone else, an elder of the family."""
    return bool(set(parts.titles) & ELDERS) and not cluster.titles & ELDERS


USES_TIE = 2  # uses of a name within this factor of the most are about as many


def _the_officer(clusters: list[NameCluster], parts: NameParts) -> list[NameCluster]:
    """"Mr. Smollett" is Captain Smollett when he is the one man of that surname: an officer
    is "Mr." to his equals (Treasure Island's squire). With a Henry Tilney beside a Captain
    Tilney, no officer is meant."""
    same = [c for c in clusters if parts.surname in c.surnames and c.gender != "F"]
    if len(same) != 1 or same[0].gender not in ("M", ""):
        return []
    # called by rank most of the time: not "Albert Fussell", named once with his father's
    # "Colonel" (a father and son the clustering did not tell apart)
    uses = same[0].title_uses()
    return same if 2 * sum(uses[t] for t in MILITARY_TITLES) >= same[0].count else []


def _russian_pet_of(clusters: list[NameCluster], word: str, parts: NameParts) -> list[NameCluster]:
    """"Rodya": the one person named with a patronymic whose given name it is a pet form of;
    but "Pétenka" is the book's "Pétya" (the same stem, both pet forms), whatever other Peter
    the book names with a patronymic ("Peter Ivánovich Bagratión")."""
    def main(c: NameCluster) -> str:
        return c.own_given.most_common(1)[0][0]

    full = [c for c in clusters if c.russian and c.own_given and _russian_pet_form(word, main(c))
            and c.compatible(NameParts(parts.titles, (main(c),), None))]
    if not full:
        return []
    stems = {fold(main(c))[:MIN_RUSSIAN_STEM] for c in full}
    siblings = [c for c in clusters if not c.russian and c.own_given and fold(main(c)) != fold(word)
                and (stem := fold(main(c))[:MIN_RUSSIAN_STEM]) in stems and fold(word).startswith(stem)
                and fold(main(c)).endswith(RUSSIAN_PET_ENDINGS)]
    if siblings:
        return siblings if len(siblings) == 1 else []
    return full if len(full) == 1 else []


# months and weekdays: no one's name, unless the book has one speak ("said Sunday": the
# Man Who Was Thursday's President; Crusoe's man Friday)
CALENDAR = frozenset("""january february march july september october november december monday
tuesday wednesday thursday friday saturday sunday""".split())
# capitalised words the recogniser takes for people that no cast list holds
NOT_PEOPLE = CALENDAR | frozenset("""god heaven heavens providence almighty fate fortune nature jove
gad gawd christ jesus madonna satan lucifer venus cupid jupiter apollo allah christmas easter
michaelmas whitsuntide lent candlemas midsummer spring summer autumn winter""".split())
# how a person is addressed, never whom: "Your Majesty", "her Ladyship", "Ma'am"
ADDRESS_FORMS = frozenset("""majesty highness excellency lordship ladyship worship reverence
eminence holiness ma'am marm baas bwana effendi massa""".split())  # "Baas": King Solomon's Mines' "master"
# titles that, alone, are how a household names one person ("Papa came in")
HOUSEHOLD_NAMES = frozenset({"papa", "mama", "mamma", "granny", "grandma", "grandpa"})
_CONTRACTION = re.compile(r"'(?:m|d|ll|ve|re|s)$|n't$", re.IGNORECASE)
FAMILY_TITLES = frozenset({"messrs", "mesdames", "misses"})


def _head(parts: NameParts) -> str | None:
    """The one word a name goes by: its surname ("Mrs. Bennet"), or its lone given name."""
    if parts.surname and not parts.given:
        return parts.surname
    return parts.given[0] if len(parts.given) == 1 and not parts.surname else None


def _names_a_person(name: str, parts: NameParts, surnames: Counter[str],
                    groups: frozenset[str] = frozenset(), speakers: frozenset[str] = frozenset()) -> bool:
    """Not a title alone ("Mrs."), a family ("the Bennets", "Miss Bertrams", "the
    Honeychurches": the plural of a surname the book uses; but "Mrs. Braddocks", 14 times
    beside one stray "Mrs. Braddock", is a woman), a god, a month or a contraction ("I'm",
    "Dinah'll"). `surnames`: the uses of each name's head word; `groups`: the plural names
    the book mostly writes after "the" ("the Honeychurches") or that are plural common nouns
    ("Cabinet Ministers"), not a man's surname on its own ("said Sikes"); `speakers`: the
    names speech tags say speak, which makes a weekday a person's ("said Sunday")."""
    words = name.split()
    if _CONTRACTION.search(words[-1]):
        return False
    if all(fold(w).rstrip(".") in TITLES for w in words) and fold(name) not in HOUSEHOLD_NAMES:
        return False
    if all(fold(w) in NOT_PEOPLE for w in words) and not (
            name in speakers and all(fold(w) in CALENDAR for w in words)):  # "God", "Jesus Christ"
        return False
    if fold(words[-1]) in ADDRESS_FORMS:
        return False
    if set(parts.titles) & FAMILY_TITLES:
        return False
    head = _head(parts)
    if head and head.endswith("s") and (parts.ambiguous or parts.titles):
        singular = max(surnames[head[:-1]], surnames[head[:-2]] if head.endswith("es") else 0)
        # a family is "the Bennets", "the Miss Bertrams", not "Mrs. Bennets" nor "Sikes" said
        # on his own: such a name is a family only beside a singular in more common use
        if (not set(parts.titles) & UNMARRIED) and (parts.titles or name not in groups):
            return not (singular and singular >= surnames[head])
        return not singular
    return True


def _miss_given_uses(cluster: NameCluster, miss_given: Counter[str]) -> int:
    return sum(n for word, n in miss_given.items()
               if any(same_given(word, g, False) for g in cluster.given))


NAMED_BEFORE = 5  # uses of a bare given name between two namesakes' first full names
INTRODUCED_USES = 3  # uses of a full name that make it the bare given name's first bearer


def _introduced_first(found: list[NameCluster], word: str, positions: dict[str, list[int]],
                      bare: list[int]) -> list[NameCluster]:
    """Of namesakes a bare given name may be (said at `bare`), those the book had not already
    called so NAMED_BEFORE times before naming them in full, after naming another in full:
    Persuasion says "Charles" 35 times between "Charles Musgrove" and the first "Charles
    Hayter", who is then named in full the more often of the two, so a count alone errs."""
    def in_full(name: str) -> bool:
        p = parse(name)
        return word in p.given and (len(p.given) > 1 or p.surname is not None)

    first = {id(c): min((positions[n][0] for n in c.names if positions.get(n) and in_full(n)), default=None)
             for c in found}
    # the first namesake named in full, and more than in passing ("Henry Fielding", the
    # novelist, once, is not the "Henry" of his namesake's scenes)
    introduced = sorted(first[id(c)] for c in found if first[id(c)] is not None
                        and sum(n for name, n in c.names.items() if in_full(name)) >= INTRODUCED_USES)
    if not introduced:
        return found
    earliest = introduced[0]
    kept = [c for c in found if first[id(c)] is None
            or bisect_left(bare, first[id(c)]) - bisect_left(bare, earliest) < NAMED_BEFORE]
    return kept or found


def _younger_sister(cluster: NameCluster, miss_given: Counter[str]) -> bool:
    """Called "Miss <the given name the book mostly calls her by>" YOUNGER_SISTER_USES times
    ("Miss Marianne", "Miss Lucy Steele"); not "Miss Frances", Fanny Price's formal name,
    said three times."""
    if not cluster.own_given:
        return False
    main = cluster.own_given.most_common(1)[0][0]
    in_full = sum(n for name, n in cluster.names.items()
                  if set((p := parse(name)).titles) & UNMARRIED and p.given[:1] == (main,) and p.surname)
    return in_full + sum(n for word, n in miss_given.items() if word == main) >= YOUNGER_SISTER_USES


def _full_name_uses(cluster: NameCluster, surname: str) -> int:
    return sum(n for name, n in cluster.names.items()
               if (p := parse(name)).given and p.surname == surname)


def _only_wife(women: list[NameCluster], surname: str) -> NameCluster | None:
    """"Mrs. Wilcox" beside "Ruth Wilcox", "Evie Wilcox" and "Paul Wilcox": the one woman
    of that surname, named in full, that the book calls "Miss" less than DAUGHTER_MISS_USES
    times (a daughter: "Miss Wilcox", "Miss Evie"; a servant's "Miss Leslie" to her mistress
    once is no proof) and who bears no married title of her own; None if not exactly one."""
    wives = [c for c in women if c.gender == "F" and c.own_given and not c.titles & MARRIED
             and sum(n for title, n in c.title_uses().items() if title in UNMARRIED) < DAUGHTER_MISS_USES]
    return wives[0] if len(wives) == 1 else None


DAUGHTER_MISS_USES = 2  # "Miss" said this often of a woman: a daughter of the house, not its wife
# "Miss Marianne" said this often, beside "the Miss Dashwoods": a younger sister, so "Miss
# Dashwood" is the eldest, even when the book never writes the eldest's name in full
YOUNGER_SISTER_USES = 2
SISTERS_USES = 2  # "the Miss Prices" once is no proof of sisters
MARRIED_BEFORE = 5  # uses of "Mrs. Ferrars" before a woman takes the name: someone else


def _married_into(cluster: NameCluster, surname: str, positions: dict[str, list[int]],
                  starts: list[int]) -> bool:
    """Whether `cluster` is a woman who takes `surname` by marriage only after the book has
    used the titled name (at `starts`) MARRIED_BEFORE times: that name was someone else's.
    "Mrs. Ferrars", said from the start, is not Lucy Steele, who signs herself "Lucy
    Ferrars" at the end; "Mrs. Wickham", said as Lydia marries, is Lydia."""
    own = [n for n in cluster.names if parse(n).surname == surname and positions.get(n)]
    if not own or not cluster.surnames - {surname}:
        return False
    first = min(positions[n][0] for n in own)
    return sum(s < first for s in starts) >= MARRIED_BEFORE


def _head_of_family(found: list[NameCluster], surname: str, uses: int) -> NameCluster | None:
    """"Mr. Hamilton" (`uses` times) among Berry and Joe Hamilton: the man the book writes
    out in full far more often than any other of that surname (Berry Hamilton 14, Joe
    Hamilton 4), and not far less often than it says "Mr. Hamilton": the family's head; otherwise a
    person of his own (Howards End's "Mr. Wilcox", never written out, is not his son
    Charles Wilcox)."""
    ranked = sorted(found, key=lambda c: _full_name_uses(c, surname), reverse=True)
    top, second = (_full_name_uses(c, surname) for c in ranked[:2])
    if top >= max(DISTINGUISHING_USES, HEAD_OF_FAMILY_LEAD * second) and HEAD_OF_FAMILY_LEAD * top >= uses:
        return ranked[0]
    return None


def cluster_names(counts: Counter[str], positions: dict[str, list[int]] | None = None,
                  groups: frozenset[str] = frozenset(), speakers: frozenset[str] = frozenset()) -> list[NameCluster]:
    """Group name strings (with their mention counts) into people; `positions` (each name's
    mention offsets, in order), when given, tell a full name kept up beside the bare one
    (two brothers) from a full name that only introduces a man (`distinguished_by_given`)."""
    parsed = {name: parse(name) for name in counts}
    parsed = {n: p for n, p in parsed.items() if p.given or p.surname}
    surnames = {p.surname for p in parsed.values() if p.surname}
    saint_given = {g for p in parsed.values() for g in p.given if g.startswith("st. ")}
    full_surnames = {p.surname for p in parsed.values() if p.surname and p.given}
    for n, p in parsed.items():  # "St. Aubert" of a book with a "Madame St. Aubert"
        if p.titles[-1:] == ("saint",) and len(p.given) == 1 and (surname := f"st. {p.given[0]}") in surnames:
            parsed[n] = NameParts(p.titles[:-1], (surname,), None, ambiguous=True)
        elif p.titles[-1:] == ("saint",) and len(p.given) == 1 and f"st. {p.given[0]}" in saint_given:
            # "St. John" of a book with a St. John Rivers: his given name
            parsed[n] = NameParts(p.titles[:-1], (f"st. {p.given[0]}",), p.surname)
        elif not p.given and p.surname in saint_given and p.surname not in full_surnames:
            parsed[n] = NameParts(p.titles, (p.surname,), None)  # "Mr. St. John"
    for n, p in parsed.items():
        # "my friend Harker Jonathan", as the Count puts a surname first: the book's
        # Jonathan Harker, the name it writes the other way round more often
        words = n.split()
        turned = f"{words[1]} {words[0]}" if len(words) == 2 and not p.titles else ""
        if turned in parsed and counts[turned] > counts[n] and parsed[turned].given and parsed[turned].surname:
            parsed[n] = parsed[turned]
    head_uses: Counter[str] = Counter()  # a surname's uses, and a plural's ("Bennets")
    sisters_named: Counter[str] = Counter()  # surnames with sisters: "the Miss Dashwoods"
    for n, p in parsed.items():
        head = _head(p)
        if p.surname:
            head_uses[p.surname] += counts[n]
        elif head and head.endswith("s"):
            head_uses[head] += counts[n]
        if set(p.titles) & UNMARRIED and head and head.endswith("s"):
            sisters_named[head[:-1]] += counts[n]
    sisters = {surname for surname, n in sisters_named.items() if n >= SISTERS_USES}
    parsed = {n: p for n, p in parsed.items() if _names_a_person(n, p, head_uses, groups, speakers)}
    # surnames the book pairs with a given name ("Elizabeth Bennet")
    surnames_named = {p.surname for p in parsed.values() if p.surname and p.given}

    def order(name: str) -> tuple[int, bool, int, int]:
        parts = parsed[name]
        tier = 0 if parts.given and parts.surname else 1 if parts.titles else 2
        # "Miss Marianne" before "Mrs. Dashwood": a daughter's name keeps her mother out
        married = not set(parts.titles) & UNMARRIED
        return (tier, married, -parts.specificity, -counts[name])

    # "Miss Elizabeth", "Miss Lizzy": Miss before a word no one in the book has as surname
    miss_given: Counter[str] = Counter()
    for name, parts in parsed.items():
        if set(parts.titles) & UNMARRIED and parts.ambiguous and parts.surname not in surnames_named:
            miss_given[parts.surname] += counts[name]

    # a person's weight counts the bare given names still to come ("Jane" for "Jane Bennet")
    # (they are clustered last, so while titled names are placed none has joined yet)
    bare_given: Counter[str] = Counter()
    for n, p in parsed.items():
        if len(p.given) == 1 and not p.surname and not p.titles and p.given[0] not in surnames:
            bare_given[p.given[0]] += counts[n]

    said_as: dict[str, int] = {}  # a given name -> bare uses of it and its pet forms

    def bare_uses(given: str) -> int:
        # "Frank" said 30 times weighs for "Francis Troy", written out once
        if given not in said_as:
            said_as[given] = sum(n for g, n in bare_given.items() if same_given(g, given, initials=False))
        return said_as[given]

    def weight(c: NameCluster) -> int:
        return c.count + sum(bare_uses(g) for g in c.first_given)

    clusters: list[NameCluster] = []
    for name in sorted(parsed, key=order):
        parts = parsed[name]
        found = _candidates(clusters, parts, counts[name], positions, name)
        target: NameCluster | None = None
        if parts.titles and not parts.given:
            found = [c for c in found if weight(c) > 1] or found  # a one-off namesake is no rival
        if set(parts.titles) & SOVEREIGN_TITLES and not parts.surname and counts[name] <= ONE_OFF_SOVEREIGN:
            # a king named once beside a commoner of that name is a king of history or a
            # road's ("King George's Road" beside the George Canon of a gravestone; "Queen
            # Bess" beside Elizabeth Oakes Smith); the Emperor Napoleon, said often, is
            # Bonaparte. (Only beside people already clustered: War and Peace's "Paul
            # Timoféevich", a name clustered after the titled ones, still joins "Emperor Paul".)
            found = [c for c in found if c.titles & SOVEREIGN_TITLES
                     or not (c.surnames or any(is_patronymic(g) for g in c.given))]

        def married_into(c: NameCluster) -> bool:
            return bool(positions) and _married_into(c, parts.surname, positions, positions.get(name, []))

        if set(parts.titles) & MARRIED and not parts.given:
            found = [c for c in found if not married_into(c)]
        wife = None
        if parts.titles and not parts.given and not set(parts.titles) & UNMARRIED:
            # "Mrs. Bennet" with five Bennet daughters about: a wife, not one of them
            rivals = [c for c in clusters if parts.surname in c.surnames and c.given and c.count > 1
                      and (not parts.gender or c.gender in ("", parts.gender))]
            if len(found) == 1 and len(rivals) > 1:
                found = []
            if set(parts.titles) & MARRIED:
                # a woman named in full once ("Ruth Wilcox") and by her given name after
                wife = _only_wife([c for c in clusters if parts.surname in c.surnames and weight(c) > 1
                                   and not married_into(c)], parts.surname)
        if wife is not None:
            target = wife
        elif len(found) == 1 and not (set(parts.titles) & UNMARRIED and not parts.given
                                      and parts.surname in sisters
                                      and _younger_sister(found[0], miss_given)):
            target = found[0]
        elif len(found) > 1:
            # several people share this surname: "Miss Bennet" is the eldest daughter, the
            # one the book never calls "Miss <given name>" (younger sisters are "Miss
            # Elizabeth", "Miss Lydia"), else the best known; "Mrs. Bennet" or "Mr. Bennet"
            # is a person of their own
            if set(parts.titles) & UNMARRIED and not parts.given:
                eldest = [c for c in found if not _miss_given_uses(c, miss_given)]
                target = max(eldest or found, key=weight)
            elif not (parts.titles and not parts.given):
                target = max(found, key=weight)
            elif set(parts.titles) <= MISTERS:  # "Farmer Oak", "Mistah Oakley" too
                target = _head_of_family(found, parts.surname, counts[name])
            elif set(parts.titles) & MILITARY_TITLES:
                # "Sergeant Troy" beside Francis Troy (as "Frank", 31 names) and his dead
                # father Edward Troy (6): the one the book names far more (not "Squire
                # Cass", the father of the Godfrey and Dunstan Cass it names more)
                ranked = sorted(found, key=weight, reverse=True)
                if weight(ranked[0]) >= HEAD_OF_FAMILY_LEAD * weight(ranked[1]):
                    target = ranked[0]
        if target is None and parts.given and parts.surname and not parts.titles:
            # "Lydia Wickham": a woman under her married name, if one woman has that name
            if given_name_gender(parts.given[0]) == "F":
                maiden = NameParts((), parts.given, None)  # her given names and patronymic
                same = [c for c in clusters if parts.given[0] in c.own_given and c.gender == "F"
                        and c.compatible(maiden)]
                if len(same) == 1:
                    target = same[0]
        if target is None:
            target = NameCluster()
            clusters.append(target)
        elif parts.surname and not parts.given and parts.surname not in target.surnames:
            parts = NameParts(parts.titles, (parts.surname,), None)  # "Mrs. Rachel": her given name
        target.add(name, parts, counts[name])
    return _join_misspelt(clusters)


ONE_OFF_SOVEREIGN = 1  # uses of "King George" that tell nothing of who he is

MISSPELT_USES = 2  # a titled surname said this rarely may be a misprint ...
MISSPELT_LEAD = 10  # ... of a surname one letter away the book uses this many times more
MISSPELT_MIN_LENGTH = 5  # "Hall" and "Hill" are two names; "Browlow" a misprint of "Brownlow"


def one_edit(a: str, b: str) -> bool:
    """Whether b is a with one letter added, dropped or changed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _join_misspelt(clusters: list[NameCluster]) -> list[NameCluster]:
    """A titled surname said once or twice ("Mr. Browlow", "Mr. Dawkin") one letter away
    from a surname the book uses ten times as often with that title ("Mr. Brownlow", Jack
    Dawkins as "Mr. Dawkins"): a misprint or a slip of the pen, that person. Not under
    another title: Grant's "Captain Prime" is no misprint of General Price."""
    merged: set[int] = set()
    for i, rare in enumerate(clusters):
        if rare.count > MISSPELT_USES or rare.given or len(rare.surnames) != 1 or not rare.titles:
            continue
        (surname,) = rare.surnames
        near = [c for c in clusters if c is not rare and c.count >= MISSPELT_LEAD * rare.count
                and rare.titles <= c.titles
                and any(len(s) >= MISSPELT_MIN_LENGTH and s[0] == surname[0] and one_edit(surname, s)
                        for s in c.surnames)]
        if len(near) == 1 and rare.gender in ("", near[0].gender) and "saint" not in rare.titles:
            # the names only: the misprinted surname is no surname of theirs to match others by
            for name, n in rare.names.items():
                near[0].names[name] += n
            merged.add(i)
    return [c for i, c in enumerate(clusters) if i not in merged]
