#!/usr/bin/env python3
"""A realistic page for timing `kb check` (issue 17), drawn from a KB's own sources and claims.

usage: check_page.py KB.sqlite OUT.md [--words 10000] [--seed 1]

The page reads like an analyst's evidence notes: sections of paragraphs whose sentences are
 - cited findings in the usual forms: "Smith and Chen (2020) report that …", "(Smith et al., 2020)",
   a DOI link, "n = 4,512" — each number as the claim states it (supported) or altered (mismatch);
 - the same findings uncited (matched through the claims' words and numbers);
 - quotes of claims, verbatim, with their number;
 - narrative sentences in the KB's vocabulary with no number (each held to the claims' words);
 - citations of works the KB lacks (names no source has, a DOI no source has, an example.org
   URL) and numbers nobody states;
and ends with a numbered reference list of the works it cites (authors, year, title, journal, DOI).
Every name, title, DOI and number comes from the KB (generated data: Benchmarks/generate.py); the
works the KB lacks are named with made-up names under the reserved 10.5555 prefix and example.org.
Deterministic for a KB and a seed. Prints the page's word count and what it holds on stderr.
"""
import argparse
import random
import sqlite3
import sys

NARRATIVE = [
    "Evidence on {a} and {b} remains uneven across {c}, and the designs behind it differ.",
    "Analysts reading these findings should weigh {a} against {b} before drawing conclusions about {c}.",
    "The literature on {a} treats {b} as a mediator, although few studies measure {c} directly.",
    "Employers describe {a} in posting language, while researchers describe {b} in terms of {c}.",
    "Most of the work on {a} is observational, so selection into {b} cannot be separated from {c}.",
    "Where {a} was randomised, the estimates for {b} were smaller than the observational ones for {c}.",
    "Reviewers disagree on whether {a} explains {b}, and the disagreement matters for {c}.",
]
UNKNOWN_NAMES = [("Quillfeather", "Marlowe"), ("Ambersley", "Thornquist"), ("Vexhall", "Pembrook"), ("Oddleigh", "Fairwinter")]
UNSTATED = ["{p}% of the teams we spoke to had changed their screening rules at least once.",
            "Roughly {k:,} postings in our own sample mentioned the skill explicitly.",
            "Budgets for reskilling grew by {p}% in the firms that answered a follow-up."]


def load_sources(db, count, rng):
    """`count` sources spread over the KB, each with its authors, study n and claims."""
    top = db.execute("SELECT max(id) FROM source").fetchone()[0] or 0
    picked, seen = [], set()
    while len(picked) < count and len(seen) < top:
        sid = rng.randint(1, top)
        if sid in seen:
            continue
        seen.add(sid)
        row = db.execute("SELECT id, title, issuedYear, containerTitle, volume, issue, doi FROM source WHERE id = ?", (sid,)).fetchone()
        if row is None or row[2] is None:
            continue
        authors = db.execute("SELECT family, given, literal FROM contributor WHERE sourceId = ? AND role = 'author' ORDER BY position",
                             (sid,)).fetchall()
        claims = db.execute("""SELECT c.statement, c.quote, c.metric, c.value, c.unit, st.n FROM claim c LEFT JOIN study st ON st.id = c.studyId
                               WHERE c.sourceId = ? AND c.value IS NOT NULL ORDER BY c.id""", (sid,)).fetchall()
        if not authors or not claims:
            continue
        picked.append({"id": row[0], "title": row[1], "year": row[2], "journal": row[3], "volume": row[4], "issue": row[5],
                       "doi": row[6], "authors": authors, "claims": claims})
    return picked


def families(source):
    return [a[0] or a[2] for a in source["authors"]]


def narrative_cite(source):
    """"Smith (2020)", "Smith and Chen (2020)", "Smith et al. (2020)"."""
    names = families(source)
    lead = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al."
    return f"{lead} ({source['year']})"


def parenthetical_cite(source):
    """"(Smith, 2020)", "(Smith & Chen, 2020)", "(Smith et al., 2020)"."""
    names = families(source)
    lead = names[0] if len(names) == 1 else f"{names[0]} & {names[1]}" if len(names) == 2 else f"{names[0]} et al."
    return f"({lead}, {source['year']})"


def number_text(value, sign=True):
    text = f"{abs(value):g}"
    if not sign:
        return text
    return ("+" if value > 0 else "-" if value < 0 else "") + text


def finding_body(claim, altered=False):
    """A claim's finding in a page's words, with its number as stated (or altered by 7 points)."""
    statement, quote, metric, value, unit, n = claim
    if altered:
        value = round(value + 7.0, 1)
    percent = (unit or "").lower() in ("percent", "%")
    amount = number_text(value) + ("%" if percent else f" {unit}" if unit else "")
    return f"{(metric or statement).lower()} changed by {amount}"


def reference(source):
    """An APA-like entry: "Smith, A., & Chen, B. (2020). Title. Journal, 3(2). https://doi.org/…"."""
    people = []
    for family, given, literal in source["authors"]:
        people.append(literal if literal else f"{family}, {given[0]}." if given else family)
    authors = people[0] if len(people) == 1 else ", ".join(people[:-1]) + ", & " + people[-1]
    journal = source["journal"] or ""
    if source["volume"]:
        journal += f", {source['volume']}" + (f"({source['issue']})" if source["issue"] else "")
    doi = f" https://doi.org/{source['doi']}" if source["doi"] else ""
    return f"{authors} ({source['year']}). {source['title']}. {journal}.{doi}"


def vocabulary_words(db, rng, count=60):
    """Words the KB's claims use (from a sample of metrics), so the narrative meets the index."""
    top = db.execute("SELECT max(id) FROM claim").fetchone()[0] or 0
    words = []
    for _ in range(count):
        row = db.execute("SELECT metric FROM claim WHERE id = ?", (rng.randint(1, top),)).fetchone()
        if row and row[0]:
            words.append(row[0])
    return words or ["evidence", "hiring", "skills"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kb")
    parser.add_argument("out")
    parser.add_argument("--words", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    db = sqlite3.connect(f"file:{args.kb}?mode=ro", uri=True)
    sources = load_sources(db, 160, rng)
    if len(sources) < 10:
        sys.exit(f"check_page.py: {args.kb} has too few sources with authors, years and numeric claims")
    phrases = vocabulary_words(db, rng)
    title = "# Evidence notes: what the research says about skills, hiring and automation"
    cited, lines, words = [], [title, ""], len(title.split())
    tally = {"cited findings": 0, "altered numbers": 0, "uncited findings": 0, "quotes": 0, "narrative": 0,
             "unknown works": 0, "unstated numbers": 0}

    reference_words = 0

    def cite(source):
        nonlocal reference_words
        if source not in cited:
            cited.append(source)
            reference_words += len(reference(source).split()) + 1

    section = 0
    while words + reference_words < args.words:
        section += 1
        heading = f"## {section}. {rng.choice(phrases).capitalize()}"
        words += len(heading.split())
        lines += [heading, ""]
        for _ in range(4):
            if words + reference_words >= args.words:
                break
            sentences = []
            for _ in range(rng.randint(5, 8)):
                source = rng.choice(sources)
                claim = rng.choice(source["claims"])
                roll = rng.random()
                if roll < 0.22:
                    altered = rng.random() < 0.15
                    tally["altered numbers"] += altered
                    sentences.append(f"{narrative_cite(source)} report that {finding_body(claim, altered)}.")
                    tally["cited findings"] += 1
                    cite(source)
                elif roll < 0.34:
                    sentences.append(f"In their study, {finding_body(claim)} {parenthetical_cite(source)}.")
                    tally["cited findings"] += 1
                    cite(source)
                elif roll < 0.42 and source["doi"]:
                    n = claim[5]
                    size = f" (n = {n:,})" if n else ""
                    sentences.append(f"A {source['year']} study{size} found that {finding_body(claim)} (https://doi.org/{source['doi']}).")
                    tally["cited findings"] += 1
                    cite(source)
                elif roll < 0.52:
                    sentences.append(f"Elsewhere, {finding_body(claim)}.")
                    tally["uncited findings"] += 1
                elif roll < 0.58 and claim[1]:
                    sentences.append(f"One study puts it this way: \u201c{claim[1]}\u201d {parenthetical_cite(source)}.")
                    tally["quotes"] += 1
                    cite(source)
                elif roll < 0.62:
                    first, second = rng.choice(UNKNOWN_NAMES)
                    form = rng.randrange(3)
                    if form == 0:
                        sentences.append(f"{first} and {second} ({rng.randint(1998, 2024)}) argue that {rng.choice(phrases)} matters more than {rng.choice(phrases)}.")
                    elif form == 1:
                        sentences.append(f"A working paper disputes this (https://doi.org/10.5555/absent.{rng.randint(1, 99999)}).")
                    else:
                        sentences.append(f"Practitioner notes say the same (https://example.org/notes/{rng.randint(1, 999)}).")
                    tally["unknown works"] += 1
                elif roll < 0.66:
                    sentences.append(rng.choice(UNSTATED).format(p=rng.randint(11, 89), k=rng.randint(1200, 9800)))
                    tally["unstated numbers"] += 1
                else:
                    a, b, c = rng.sample(phrases, 3)
                    sentences.append(rng.choice(NARRATIVE).format(a=a, b=b, c=c))
                    tally["narrative"] += 1
            paragraph = " ".join(sentences)
            words += len(paragraph.split())
            lines += [paragraph, ""]
    lines += ["## References", ""]
    for number, source in enumerate(cited, 1):
        lines.append(f"{number}. {reference(source)}")
    words += reference_words + 2
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"{args.out}: {words} words, {len(cited)} works cited, " + ", ".join(f"{v} {k}" for k, v in tally.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
