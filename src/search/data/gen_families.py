#!/usr/bin/env python3
"""Generates src/search/data/families.tsv: French word families that Snowball
stemming leaves apart (verb forms, plurals, noun/verb/adjective derivations).

Source lexicon: Debian package `hunspell-fr-classical` 1:7.0-1 (pulled in by
`hunspell-fr`), the Grammalecte/Dicollecte French dictionary "classique" v7.0
by Olivier R., licence MPL-2.0. Files read: /usr/share/hunspell/fr.dic and
/usr/share/hunspell/fr.aff. Only facts (which forms belong to which lemma)
are taken from it; the output is a list of words.

How the table is built:
1. Inflections: the affix file's SFX rules are expanded here (Python, no
   `unmunch`: its parser does not read `FLAG long`). For verbs only the forms
   plausible in institutional prose are kept: infinitive, participles, and
   the 3rd persons (and 1st plural) of the present, imperfect, future,
   conditional and present subjunctive. Nouns and adjectives keep all their
   forms (plurals, feminines). Proper names, words with capitals, digits,
   hyphens or apostrophes are skipped. Verb forms under 4 letters are dropped
   (`a`, `eu`, `vu`, `lu`, `mis`: too ambiguous), and short verb forms that
   are also another word of the lexicon (`lit`, `vis`, `sers`) are dropped.
2. Derivations: conservative suffix rules (DERIVATIONS below) link a verb or
   adjective to a noun or adjective; a link is kept only when both words are
   headwords of the lexicon with the expected part of speech and the shared
   root has at least MIN_ROOT letters (so `port`/`porter`, `pays`/`payer`,
   `fin`/`financer` are never linked by a rule).
3. A short hand-curated list (MANUAL below, with a comment each) adds what
   the rules miss.
4. Every word is run through the project's own analyzer (`cargo run --example
   analyze_words`), so the filter below uses the very stems the index holds.
   Within a family one word is kept per distinct stem (the Rust loader
   re-analyses the words, so one representative per stem is enough), and
   families with fewer than two distinct stems are dropped: Snowball already
   joins them.

Rerun (from the repository root, Debian/Ubuntu):
    apt-get install -y hunspell-fr
    python3 src/search/data/gen_families.py > src/search/data/families.tsv
then rewrite the stems that build.rs compiles into the binary:
    OIM_WRITE_FAMILY_STEMS=1 cargo test --lib families::tests
"""

import re
import subprocess
import sys
import unicodedata
from collections import defaultdict

DIC = "/usr/share/hunspell/fr.dic"
AFF = "/usr/share/hunspell/fr.aff"
SOURCE = "hunspell-fr-classical 1:7.0-1 (Grammalecte/Dicollecte fr v7.0), MPL-2.0"

# Shortest root a derivation rule may share (`fin` + `ancer` is no family).
MIN_ROOT = 4

# Verb forms kept, by the morphology tags of the affix lines.
VERB_KEEP = [
    ("po:infi",),
    ("po:ppre",),
    ("po:ppas",),
    ("po:ipre", "po:3sg"),
    ("po:ipre", "po:3pl"),
    ("po:ipre", "po:1pl"),
    ("po:iimp", "po:3sg"),
    ("po:iimp", "po:3pl"),
    ("po:ifut", "po:3sg"),
    ("po:ifut", "po:3pl"),
    ("po:cond", "po:3sg"),
    ("po:cond", "po:3pl"),
    ("po:spre", "po:3sg"),
    ("po:spre", "po:3pl"),
]

# Derivation rules: (suffix of the source word, its part of speech,
# suffix of the derived word, its part of speech). Both words must be
# headwords with those parts of speech; the root left after removing the
# source suffix must have MIN_ROOT letters or more (or the rule's own
# minimum, a fifth element, for rules that false pairs hit more often).
DERIVATIONS = [
    # verb -> action noun / agent noun / adjective
    ("er", "v", "ation", "nom"),         # organiser/organisation, négocier/négociation
    ("er", "v", "ement", "nom"),         # déplacer/déplacement, renforcer/renforcement
    ("er", "v", "age", "nom"),           # dépister/dépistage, passer/passage
    ("ter", "v", "tion", "nom", 5),      # adopter/adoption, exécuter/exécution (not porter/portion)
    ("érer", "v", "ertion", "nom"),      # insérer/insertion, réinsérer/réinsertion
    ("ifier", "v", "ification", "nom"),  # identifier/identification
    ("uire", "v", "uction", "nom"),      # produire/production, réduire/réduction
    ("crire", "v", "cription", "nom"),   # inscrire/inscription
    ("venir", "v", "vention", "nom"),    # intervenir/intervention, prévenir/prévention
    ("tenir", "v", "tention", "nom"),    # détenir/détention
    ("tenir", "v", "tien", "nom"),       # soutenir/soutien, maintenir/maintien
    ("mettre", "v", "mission", "nom"),   # admettre/admission, transmettre/transmission
    ("oudre", "v", "olution", "nom"),    # résoudre/résolution
    ("clure", "v", "clusion", "nom"),    # exclure/exclusion, inclure/inclusion
    ("der", "v", "sion", "nom", 5),      # décider/décision
    ("ir", "v", "issement", "nom"),      # établir/établissement, investir/investissement
    ("oyer", "v", "oi", "nom"),          # employer/emploi, envoyer/envoi
    ("uyer", "v", "ui", "nom"),          # appuyer/appui
    ("ller", "v", "l", "nom"),           # travailler/travail, conseiller/conseil
    ("llir", "v", "l", "nom"),           # accueillir/accueil, recueillir/recueil
    ("er", "v", "e", "nom", 5),          # contrôler/contrôle (not aider/aide, moder/mode)
    ("er", "v", "", "nom", 5),           # transporter/transport (not porter/port)
    ("er", "v", "ateur", "nom"),         # organiser/organisateur, évaluer/évaluateur
    ("er", "v", "able", "adj", 5),       # accepter/acceptable
    # adjective -> noun / verb
    ("aire", "adj", "arité", "nom"),     # solidaire/solidarité, précaire/précarité
    ("aire", "adj", "ariser", "v"),      # scolaire/scolariser
    ("ble", "adj", "bilité", "nom"),     # vulnérable/vulnérabilité, durable/durabilité
    ("ile", "adj", "ilité", "nom"),      # mobile/mobilité, fragile/fragilité
    ("if", "adj", "ivité", "nom"),       # productif/productivité
    ("al", "adj", "alité", "nom"),       # national/nationalité, légal/légalité
    ("al", "adj", "aliser", "v"),        # légal/légaliser, national/nationaliser
    ("ide", "adj", "idie", "nom"),       # apatride/apatridie
    ("ain", "adj", "aniser", "v"),       # urbain/urbaniser
    ("iser", "v", "isation", "nom"),     # scolariser/scolarisation (also -er/-ation)
    # noun -> adjective
    ("ie", "nom", "ique", "adj", 5),     # économie/économique, démocratie/démocratique
    ("ion", "nom", "ionnel", "adj"),     # institution/institutionnel, profession/professionnel
    ("ure", "nom", "urel", "adj"),       # culture/culturel, structure/structurel
    ("ent", "nom", "ental", "adj"),      # gouvernement/gouvernemental
]

# A noun that shares this many first letters with a headword of the family
# is a sibling left unlinked by the rules (`soutenance`/`soutenir`,
# `employeur`/`employer`), not a homograph such as `pays` against `payé`.
SIBLING_PREFIX = 5

# What the rules miss: irregular stems and derivations with a changed root.
# One family per line of words; every word must be a headword or a form of
# one (checked below), so a typo here fails the run.
MANUAL = [
    # irregular present plurals that Snowball leaves apart from the infinitive
    ("recevoir reçoivent reçoit recevons réception", "recevoir: stem change oi/ev; réception is its action noun"),
    ("devenir deviennent devient devenons", "devenir: ien/en alternation"),
    ("prendre prennent prend prenons", "prendre: nn/nd alternation"),
    ("faire font faisons", "faire: suppletive font (not fait, also a noun)"),
    ("accueil accueillir accueillent accueille", "accueil/accueillir: noun + verb, -ent plural"),
    ("scolaire scolariser scolarisation scolarité", "scolaire: adjective, verb, action noun, state noun"),
    ("soutien soutenir soutiennent soutient", "soutien/soutenir: ien/en alternation"),
    ("réinsérer réinsertion insérer insertion", "insertion: -érer/-ertion"),
    ("apatride apatridie", "apatridie: state of the apatride"),
    ("financer financement financier", "financement: action noun of financer"),
    ("emploi emplois employer emploient employeur", "emploi/employer: oi/oy alternation"),
    ("migrer migration migrant migratoire", "migration family"),
    ("rapatrier rapatriement rapatrié", "rapatriement: action noun"),
    ("protéger protection protecteur", "protection: irregular -éger/-ection"),
    ("réduire réduction", "réduction: -uire/-uction"),
    ("gérer gestion gestionnaire", "gestion: irregular root gest-"),
    ("vivre vie vivent", "vivre/vie"),
    ("pouvoir peuvent peut", "pouvoir: eu/ouv alternation"),
    ("vouloir veulent veut", "vouloir: eu/oul alternation"),
    ("devoir doivent doit", "devoir: oi/ev alternation"),
    ("venir viennent vient", "venir: ien/en alternation"),
    ("tenir tiennent tient", "tenir: ien/en alternation"),
    ("mettre mettent mise", "mettre: mise en œuvre"),
    ("jeune jeunesse", "jeunesse: state noun"),
    ("enfant enfance", "enfance: state noun"),
    ("pauvre pauvreté", "pauvreté: state noun"),
    ("sûr sécurité sécuriser", "sécurité: learned root"),
    ("santé sanitaire", "sanitaire: learned adjective of santé"),
    ("frontière frontalier transfrontalier", "frontalier: adjective of frontière"),
    ("travail travailleur travailler travaux", "travaux: irregular plural"),
]


def fold(word):
    """Lowercase without accents (only for comparisons inside this script)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in nfd if not unicodedata.combining(c))


def common_prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def parse_aff(path):
    """SFX rules by flag: list of (strip, add, condition regex, morphology)."""
    rules = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 5 or parts[0] != "SFX" or parts[2] in ("Y", "N"):
                continue
            flag, strip, add, cond = parts[1], parts[2], parts[3], parts[4]
            morph = " ".join(parts[5:])
            strip = "" if strip == "0" else strip
            add = add.split("/", 1)[0]
            add = "" if add == "0" else add
            rx = None if cond == "." else re.compile("(?:" + cond + ")$")
            rules[flag].append((strip, add, rx, morph))
    return rules


def parse_dic(path):
    """(word, flags, morphology) for each lowercase, plain-letter headword."""
    entries = []
    with open(path, encoding="utf-8") as f:
        next(f)  # entry count
        for line in f:
            fields = line.rstrip("\n").split(None, 1)
            if not fields:
                continue
            word, _, flags = fields[0].partition("/")
            morph = fields[1] if len(fields) > 1 else ""
            if not word.isalpha() or word != word.lower():
                continue
            if any(t in morph for t in ("po:npr", "po:prn", "po:patr")):
                continue
            entries.append((word, [flags[i:i + 2] for i in range(0, len(flags), 2)], morph))
    return entries


def pos_of(morph):
    if "po:v" in morph:
        return "v"
    if "po:nom" in morph:
        return "nom"
    if "po:adj" in morph:
        return "adj"
    return None


def keep_verb_form(morph):
    tags = {t.rstrip("!") for t in morph.split()}  # `!` marks a form to prefer
    return any(all(t in tags for t in want) for want in VERB_KEEP)


def expand(word, flags, pos, rules):
    """The word's forms under its suffix flags (verbs: kept tenses only), each
    with True when it is a finite verb form (not an infinitive or participle)."""
    forms = {}
    for flag in flags:
        for strip, add, rx, morph in rules.get(flag, ()):
            if strip and not word.endswith(strip):
                continue
            if rx is not None and not rx.search(word):
                continue
            if pos == "v" and not keep_verb_form(morph):
                continue
            form = (word[: len(word) - len(strip)] if strip else word) + add
            if form.isalpha():
                finite = pos == "v" and not any(
                    t in morph for t in ("po:infi", "po:ppas", "po:ppre"))
                forms[form] = forms.get(form, True) and finite
    forms.setdefault(word, False)
    return forms


class UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        self.parent[self.find(a)] = self.find(b)


def analyse(words):
    """Index terms for each word, from the project's analyzer."""
    proc = subprocess.run(
        ["cargo", "run", "--quiet", "--example", "analyze_words"],
        input="\n".join(words) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    terms = {}
    for line in proc.stdout.splitlines():
        word, _, stems = line.partition("\t")
        terms[word] = stems.split()
    return terms


def main():
    rules = parse_aff(AFF)
    entries = parse_dic(DIC)

    by_pos = defaultdict(set)  # pos -> headwords
    forms_of = {}  # (headword, pos) -> {form: is a finite verb form}
    for word, flags, morph in entries:
        pos = pos_of(morph)
        if pos is None:
            continue
        forms_of.setdefault((word, pos), {}).update(expand(word, flags, pos, rules))
        by_pos[pos].add(word)
        if pos == "nom" and "po:adj" in morph:
            by_pos["adj"].add(word)
            forms_of[(word, "adj")] = forms_of[(word, pos)]

    headwords = set().union(*by_pos.values())
    uf = UnionFind()

    # Inflections: a headword and its forms are one family. Verb forms that
    # are short or that are also another word are ambiguous and skipped:
    # `lit` (lire, a bed), `évident`, `président`, `parent` (3rd plurals of
    # évider, présider, parer, and adjectives or nouns of their own).
    nouns_adjs = by_pos["nom"] | by_pos["adj"]
    family_words = defaultdict(set)  # headword -> words (forms)
    for (word, pos), forms in forms_of.items():
        for form, finite in forms.items():
            if pos == "v" and form != word:
                if len(form) < 4 or (len(form) <= 5 and form in headwords):
                    continue
                if finite and form in nouns_adjs:
                    continue
            family_words[word].add(form)
        uf.find(word)

    # Derivations.
    links = 0
    for rule in DERIVATIONS:
        src_suffix, src_pos, dst_suffix, dst_pos = rule[:4]
        min_root = rule[4] if len(rule) > 4 else MIN_ROOT
        for word in by_pos[src_pos]:
            if not word.endswith(src_suffix):
                continue
            root = word[: len(word) - len(src_suffix)]
            if len(root) < min_root:
                continue
            if src_suffix == "ter" and root.endswith("a"):
                continue  # formater is not formation (forma-tion: former)
            derived = root + dst_suffix
            if derived != word and derived in by_pos[dst_pos]:
                uf.union(word, derived)
                links += 1

    # Hand-curated families: every word must exist in the lexicon.
    all_forms = set().union(*(forms.keys() for forms in forms_of.values()))
    manual_words = set()
    for line, _why in MANUAL:
        words = line.split()
        for w in words:
            if w not in all_forms and w not in headwords:
                sys.exit(f"manual family word not in the lexicon: {w}")
        manual_words.update(words)

    groups = defaultdict(set)
    heads_of = defaultdict(set)
    for head, words in family_words.items():
        groups[uf.find(head)] |= words
        heads_of[uf.find(head)].add(head)
    families = [(words, heads_of[root]) for root, words in groups.items()]
    families += [(set(line.split()), None) for line, _ in MANUAL]

    needed = sorted(set().union(*(words for words, _ in families)))
    terms = analyse(needed)

    # Stems that a noun or adjective reaches. A family stem that a noun or
    # adjective from outside the family also reaches is ambiguous (`payé`
    # and `pays` both stem to `pay`): it is dropped, or a query for `pays`
    # would reach `payer`. A noun that is a form of the family (`aidant`,
    # `soutenu`) or its verb without the ending (`aide`/`aider`,
    # `forme`/`former`) is the same family and does not count.
    noun_stems = defaultdict(set)
    for (word, pos), forms in forms_of.items():
        if pos in ("nom", "adj"):
            for form in forms:
                t = terms.get(form, [])
                if len(t) == 1:
                    noun_stems[t[0]].add(word)

    def ambiguous(stem, words, heads):
        for noun in noun_stems.get(stem, ()):
            if noun in heads or noun in words:  # `aidant`, `soutenu`: forms
                continue
            if any(noun + end in heads for end in ("r", "er", "ir")):
                continue
            if any(common_prefix(fold(noun), fold(h)) >= SIBLING_PREFIX for h in heads):
                continue
            return True
        return False

    out = []
    dropped = 0
    for words, heads in families:
        by_stem = {}
        for w in sorted(words, key=lambda w: (len(w), w)):
            t = terms.get(w, [])
            if len(t) != 1:
                continue  # stop word or split word: nothing to expand
            if heads is not None and t[0] not in by_stem and ambiguous(t[0], words, heads):
                dropped += 1
                by_stem[t[0]] = None
                continue
            by_stem.setdefault(t[0], w)
        by_stem = {k: v for k, v in by_stem.items() if v is not None}
        if len(by_stem) >= 2:
            out.append(sorted(by_stem.values(), key=lambda w: (fold(w), w)))
    out.sort(key=lambda ws: (fold(ws[0]), ws))

    body = "\n".join(" ".join(ws) for ws in out) + "\n"
    print("# French word families that Snowball leaves apart: one family a line,")
    print("# one word per distinct index stem (the loader re-analyses the words).")
    print(f"# Source: {SOURCE}.")
    print("# Generated by src/search/data/gen_families.py (rerun: see its header);")
    print(f"# {len(out)} families, {sum(len(ws) for ws in out)} words, "
          f"{len(MANUAL)} hand-curated, {links} derivation links, "
          f"{dropped} ambiguous stems left out.")
    sys.stdout.write(body)


if __name__ == "__main__":
    main()
