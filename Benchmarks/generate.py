#!/usr/bin/env python3
"""Deterministic synthetic knowledge base for kb's benchmarks (issue 6).

usage: generate.py CLAIMS OUT_DIR [--seed 1]

Writes, for CLAIMS claims (about one source per three claims):
  taxonomy.yaml       1,000 roles, 5,000 skills (Zipf-popular, with adjacency and role use),
                      the 4 seed cohorts plus 8 more, 6 boundaries, in kb's seed format;
  claims.csv          one row per claim with its source, study and subjects: the file an analyst
                      would import (kb import claims.csv --map claims.mapping.yaml);
  claims.mapping.yaml the mapping for it;
  claims.jsonl        the same rows for sqlite-utils (insert --nl);
  floor/*.csv         the same data split into kb's tables, for the sqlite3 .import floor.
Values are invented for timing only and never leave the benchmark.
"""
import argparse
import csv
import json
import math
import os
import random
import unicodedata

WORDS = ("labour productivity automation evidence generative models wages skills firms adoption survey workers "
         "tasks exposure policy hiring screening callbacks training returns occupations demand platforms "
         "reskilling earnings mobility credentials teams managers algorithms bias fairness interviews").split()
FAMILIES = ["Smith", "Nguyen", "Garcia", "Müller", "Kowalski", "Okafor", "Tanaka", "Silva", "Johansson", "Haddad",
            "Chen", "O'Brien", "Rossi", "Dubois", "Ivanova", "Patel", "Kim", "Novak", "Santos", "Ali"]
GIVENS = ["Ana", "Ben", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gustav", "Hiro", "Ines", "Jonas", "Kofi", "Lena"]
JOURNALS = ["Journal of Synthetic Labour", "Review of Invented Economics", "Placeholder Letters", "Fictional Management Science"]
COHORTS = [("older-workers", "older workers"), ("non-native-english-writers", "non-native English writers"),
           ("foreign-credentialed-candidates", "foreign-credentialed candidates"), ("neurodivergent-applicants", "neurodivergent applicants"),
           ("women", "women"), ("mothers", "mothers"), ("ethnic-minorities", "ethnic minorities"), ("disabled-applicants", "disabled applicants"),
           ("long-term-unemployed", "long-term unemployed"), ("lgbtq-applicants", "LGBTQ applicants"), ("veterans", "veterans"),
           ("young-workers", "young workers")]
BOUNDARIES = [("eeoc", "EEOC"), ("ico", "ICO"), ("eu-ai-act-annex-iii", "EU AI Act Annex III"), ("employer-taxonomy", "employer taxonomies"),
              ("academic-construct", "academic constructs"), ("ofccp", "OFCCP")]
DESIGNS = ["rct", "experiment", "field-experiment", "audit-study", "quasi-experiment", "observational", "survey", "meta-analysis"]
ROLES, SKILLS = 1000, 5000


class Zipf:
    """Index i (0-based) drawn with probability proportional to 1 / (i + 1)."""

    def __init__(self, n, rng):
        self.rng = rng
        total = 0.0
        self.cumulative = []
        for i in range(n):
            total += 1.0 / (i + 1)
            self.cumulative.append(total)
        self.total = total

    def draw(self):
        import bisect
        return bisect.bisect_left(self.cumulative, self.rng.random() * self.total)


SYLLABLES = "ba ce di fo gu ha ke li mo nu pa re si to vu wa xe yo za bri cla dre fla gro".split()


def vocabulary(rng):
    """The domain words first (the most frequent), then 5,000 made-up words: text whose word
    frequencies fall off as Zipf's law says, so that full-text terms are selective as in real
    abstracts."""
    made_up = set()
    while len(made_up) < 5000:
        made_up.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return WORDS + sorted(made_up)


VOCABULARY = vocabulary(random.Random(0))
WORD_ZIPF = None


def phrase(rng, low, high):
    global WORD_ZIPF
    if WORD_ZIPF is None:
        WORD_ZIPF = Zipf(len(VOCABULARY), random.Random(7))
    return " ".join(VOCABULARY[WORD_ZIPF.draw()] for _ in range(rng.randint(low, high)))


def taxonomy(rng):
    lines = ["roles:"]
    skill_zipf = Zipf(SKILLS, rng)
    for r in range(ROLES):
        uses = sorted({skill_zipf.draw() for _ in range(rng.randint(3, 8))})
        lines.append(f"  - {{id: role-{r:04d}, name: \"{phrase(rng, 1, 2).title()} Specialist {r}\", "
                     f"uses: [{', '.join(f'skill-{s:05d}' for s in uses)}]}}")
    lines.append("skills:")
    for s in range(SKILLS):
        # Adjacent skills are neighbours in the catalogue (a cluster), so no skill is adjacent to
        # thousands; popularity is Zipf through the roles that use a skill.
        adjacent = sorted({min(SKILLS - 1, max(0, s + rng.randint(-40, 40))) for _ in range(rng.randint(0, 3))} - {s})
        extra = f", adjacent: [{', '.join(f'skill-{a:05d}' for a in adjacent)}]" if adjacent else ""
        lines.append(f"  - {{id: skill-{s:05d}, name: \"{phrase(rng, 1, 2).title()} {s}\"{extra}}}")
    lines.append("cohorts:")
    for slug, name in COHORTS:
        lines.append(f"  - {{id: {slug}, name: {name}}}")
    lines.append("boundaries:")
    for index, (slug, name) in enumerate(BOUNDARIES):
        target = BOUNDARIES[(index + 1) % len(BOUNDARIES)][0]
        lines.append(f"  - {{id: {slug}, name: \"{name}\", translates-to: [{{boundary: {target}, note: \"only partly comparable\"}}]}}")
    return "\n".join(lines) + "\n"


MAPPING = """description: >-
  Synthetic claims for kb's benchmarks (Benchmarks/generate.py): one row per claim with its
  source, study and the role, skill, cohort and boundary it is about. Invented values.

sources:
  work:
    group: ["{source_key}"]
    type: article-journal
    title: "{title}"
    container-title: "{journal}"
    issued: "{year}"
    doi: "{doi}"
    authors: {value: "{authors}", format: semicolon}

studies:
  main:
    source: work
    id: "st-{source_key}"
    design: "{design}"
    n: "= number(n)"
    n-unit: participants
    preregistered: {value: "{prereg}", map: {"yes": "yes", "no": "no"}, default: unknown}

claims:
  - id: "{claim_id}"
    source: work
    study: main
    statement: "{statement}"
    quote: "{quote}"
    metric: "{metric}"
    value: "= number(value)"
    unit: percent
    replication: {value: "{replication}", map: {replicated: replicated, failed: failed, mixed: mixed}, default: unknown}
    about:
      - {kind: role, value: "{role}"}
      - {kind: skill, value: "{skill}"}
      - {kind: cohort, value: "{cohort}"}
      - {kind: boundary, value: "{boundary}"}
"""

COLUMNS = ["claim_id", "source_key", "title", "journal", "year", "doi", "authors", "design", "n", "prereg", "statement", "quote",
           "metric", "value", "replication", "role", "skill", "cohort", "boundary"]


def rows(claims, rng):
    role_zipf, skill_zipf = Zipf(ROLES, rng), Zipf(SKILLS, rng)
    sources = max(1, claims // 3)
    per_source = [claims // sources + (1 if i < claims % sources else 0) for i in range(sources)]
    claim = 0
    for s, count in enumerate(per_source):
        key = f"src{s:07d}"
        year = rng.randint(1995, 2025)
        title = phrase(rng, 4, 10).capitalize() + f" {s}"
        authors = "; ".join(f"{rng.choice(FAMILIES)}, {rng.choice(GIVENS)}" for _ in range(rng.randint(1, 4)))
        doi = f"10.5555/bench.{s}" if rng.random() > 0.05 else ""
        design = rng.choice(DESIGNS) if rng.random() > 0.1 else ""
        n = str(int(math.exp(rng.uniform(math.log(10), math.log(100_000))))) if rng.random() > 0.12 else ""
        prereg = rng.choice(["yes", "no"]) if rng.random() > 0.35 else ""
        journal = rng.choice(JOURNALS)
        for _ in range(count):
            value = round(rng.uniform(-60, 60), 1)
            metric = phrase(rng, 2, 3)
            quote = f"{phrase(rng, 4, 14)} by {abs(value)}% {phrase(rng, 2, 10)}"
            yield {
                "claim_id": f"c{claim:07d}", "source_key": key, "title": title, "journal": journal, "year": year, "doi": doi,
                "authors": authors, "design": design, "n": n, "prereg": prereg,
                "statement": f"{metric.capitalize()} changed by {value}% for {phrase(rng, 1, 3)}.", "quote": quote, "metric": metric,
                "value": value, "replication": rng.choices(["", "replicated", "failed", "mixed"], [60, 25, 10, 5])[0],
                "role": f"role-{role_zipf.draw():04d}", "skill": f"skill-{skill_zipf.draw():05d}",
                "cohort": rng.choice(COHORTS)[0], "boundary": rng.choice(BOUNDARIES)[0],
            }
            claim += 1


def name_key(family):
    """kb's folded name key (Slug.fold): decomposed, lower-cased, marks dropped, any run of other
    characters one dash. For the floor, which has no such function in SQL."""
    out, pending = [], False
    for ch in unicodedata.normalize("NFKD", family).lower():
        if unicodedata.category(ch) == "Mn":
            continue
        if ch.isalpha() or ch.isnumeric():
            if pending and out:
                out.append("-")
            pending = False
            out.append(ch)
        else:
            pending = True
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("claims", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.makedirs(os.path.join(args.out, "floor"), exist_ok=True)
    rng = random.Random(args.seed)
    with open(os.path.join(args.out, "taxonomy.yaml"), "w", encoding="utf-8") as out:
        out.write(taxonomy(rng))
    with open(os.path.join(args.out, "claims.mapping.yaml"), "w", encoding="utf-8") as out:
        out.write(MAPPING)
    # Two terms for the full-text benchmark: the 100th and 150th most frequent words, each in a
    # few per cent of the claims, both together in about one in a thousand.
    with open(os.path.join(args.out, "fts-terms.txt"), "w", encoding="utf-8") as out:
        out.write(f"{VOCABULARY[100]} {VOCABULARY[150]}\n")
    floor = os.path.join(args.out, "floor")
    with open(os.path.join(args.out, "claims.csv"), "w", encoding="utf-8", newline="") as main_file, \
         open(os.path.join(args.out, "claims.jsonl"), "w", encoding="utf-8") as jsonl, \
         open(os.path.join(floor, "sources.csv"), "w", encoding="utf-8", newline="") as sources_file, \
         open(os.path.join(floor, "authors.csv"), "w", encoding="utf-8", newline="") as authors_file, \
         open(os.path.join(floor, "claims.csv"), "w", encoding="utf-8", newline="") as claims_file:
        writer = csv.DictWriter(main_file, COLUMNS)
        writer.writeheader()
        sources, authors, claims = csv.writer(sources_file), csv.writer(authors_file), csv.writer(claims_file)
        sources.writerow(["source_key", "title", "journal", "year", "doi", "design", "n", "prereg", "line"])
        authors.writerow(["source_key", "position", "family", "given", "name_key"])
        claims.writerow(["claim_id", "source_key", "statement", "quote", "metric", "value", "replication", "role", "skill", "cohort", "boundary",
                         "line"])
        last = None
        # The line of claims.csv a row is on (after the header; no field spans lines), which kb
        # stores as each record's origin.
        for line, row in enumerate(rows(args.claims, rng), start=2):
            writer.writerow(row)
            jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
            if row["source_key"] != last:
                last = row["source_key"]
                sources.writerow([row[k] for k in ("source_key", "title", "journal", "year", "doi", "design", "n", "prereg")] + [line])
                for position, name in enumerate(row["authors"].split("; ")):
                    family, given = name.split(", ")
                    authors.writerow([row["source_key"], position, family, given, name_key(family)])
            claims.writerow([row[k] for k in ("claim_id", "source_key", "statement", "quote", "metric", "value", "replication",
                                              "role", "skill", "cohort", "boundary")] + [line])
    print(f"wrote {args.claims} claims to {args.out}")


if __name__ == "__main__":
    main()
