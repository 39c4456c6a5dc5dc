#!/usr/bin/env python3
"""The report of a result store: its summary table holds the provenance and the best configuration.

usage: store_report_test.py HYPERSHAP JOB.toml WORK_DIR

1. `hypershap run JOB --set job.output=WORK_DIR/store.h5` makes a small store (linear-toy: three
   games of two players, SV and FSII stored);
2. `hypershap report STORE --game all -o WORK_DIR/all` draws every game: one section per game, the
   side-by-side section, and per game the summary rows kind, players, v(∅), v(N), evaluations,
   compute time, software, host, created, job hash, the configuration of N (the best found for
   Tunability, the worst for
   Mistunability) decoded to names, the stored explanations used, the job text in a <details>;
3. `--game ablation --game tunability` draws those two; `--game all` on a JSON game is refused.
"""
import html.parser
import pathlib
import re
import shutil
import subprocess
import sys


def fail(message):
    print(f"FAILED: {message}")
    sys.exit(1)


class Report(html.parser.HTMLParser):
    """Sections with their summary rows (th -> td text) and <details> texts."""

    def __init__(self):
        super().__init__()
        self.sections = []  # dicts: id, rows, details
        self.comparison = 0
        self._cell = None
        self._text = ""
        self._row_key = None
        self._in_details = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("class") == "game":
            self.sections.append({"id": attrs.get("id"), "rows": {}, "details": []})
        if tag == "figure" and attrs.get("data-figure") == "comparison":
            self.comparison += 1
        if tag in ("th", "td", "pre") and self.sections:
            self._cell, self._text = tag, ""

    def handle_endtag(self, tag):
        if tag != self._cell:
            return
        section = self.sections[-1]
        if tag == "th":
            self._row_key = self._text
        elif tag == "td":
            section["rows"][self._row_key] = self._text
        else:
            section["details"].append(self._text)
        self._cell = None

    def handle_data(self, data):
        if self._cell:
            self._text += data


def run(command, expect_ok=True):
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    if expect_ok and result.returncode != 0:
        fail(f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stdout}"
             f"{result.stderr}")
    return result


def parse(folder):
    report = Report()
    report.feed((folder / "index.html").read_text(encoding="utf-8"))
    return report


def main():
    if len(sys.argv) != 4:
        fail(__doc__)
    hypershap, job, work = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    store = work / "store.h5"
    run([hypershap, "run", job, "--set", f"job.output={store}"])

    run([hypershap, "report", store, "--game", "all", "-o", work / "all"])
    report = parse(work / "all")
    titles = [s["id"] for s in report.sections]
    if len(report.sections) != 3 or report.comparison != 3:
        fail(f"--game all: expected 3 game sections side by side, got {titles}, "
             f"{report.comparison} comparison panels")
    by_kind = {}
    for section in report.sections:
        rows = section["rows"]
        for key in ("game kind", "players", "v(\u2205)", "v(N)", "evaluations", "compute time",
                    "software", "host", "created", "job hash", "explanation source"):
            if not rows.get(key):
                fail(f"{section['id']}: the summary lacks '{key}': {rows}")
        if not re.fullmatch(r"sha256:[0-9a-f]{64}", rows["job hash"]):
            fail(f"{section['id']}: job hash '{rows['job hash']}'")
        if not re.match(r"hypershap \S+ \(git \S+\)", rows["software"]):
            fail(f"{section['id']}: software '{rows['software']}'")
        if not re.match(r"\d{4}-\d\d-\d\dT", rows["created"]):
            fail(f"{section['id']}: created '{rows['created']}'")
        if not re.match(r"[1-9]\d* over 4 coalitions", rows["evaluations"]):
            fail(f"{section['id']}: evaluations '{rows['evaluations']}'")
        if "stored by the run: FSII order 2, SV order 1" not in rows["explanation source"]:
            fail(f"{section['id']}: the stored explanations were not used: "
                 f"'{rows['explanation source']}'")
        if not section["details"] or "[games.tunability]" not in section["details"][0]:
            fail(f"{section['id']}: no <details> with the resolved job")
        by_kind[rows["game kind"]] = rows
    if set(by_kind) != {"ablation", "tunability", "mistunability"}:
        fail(f"game kinds {sorted(by_kind)}")
    best = by_kind["tunability"].get("best configuration found (N)", "")
    if not re.fullmatch(r"a=[0-9.e-]+, b=[0-9.e-]+", best):
        fail(f"tunability: best configuration found '{best}' is not decoded to names and values")
    worst = by_kind["mistunability"].get("worst configuration found (N)", "")
    if not re.fullmatch(r"a=[0-9.e-]+, b=[0-9.e-]+", worst):
        fail(f"mistunability: worst configuration found '{worst}'")
    target = by_kind["ablation"].get("configuration of v(N)", "")
    if target != "a=1, b=1":
        fail(f"ablation: the configuration of v(N) is '{target}', not the target a=1, b=1")

    # --game takes one name each time, before or after the store.
    run([hypershap, "report", "--game", "ablation", store, "--game", "tunability",
         "-o", work / "two"])
    two = parse(work / "two")
    if [s["rows"]["game kind"] for s in two.sections] != ["ablation", "tunability"]:
        fail("--game ablation --game tunability did not draw those two games in that order")

    json_game = pathlib.Path(job).parent / "games" / "analytic-interactions.json"
    refused = run([hypershap, "report", json_game, "--game", "all", "-o", work / "json"],
                  expect_ok=False)
    if refused.returncode == 0 or "not a result store" not in refused.stderr:
        fail(f"--game all on a JSON game: exit {refused.returncode}, {refused.stderr}")
    print("store report: provenance, best configuration, stored explanations, several games")


if __name__ == "__main__":
    main()
