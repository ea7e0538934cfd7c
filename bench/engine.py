"""Engine timing: load (codec.loads, which parses, migrates and validates) and compute
insights (including "is this normal?": outcomes per stage, answer times, recurring questions)
for 1,000 generated entries, plus the job-search record and its CSV. Prints medians of
several repetitions; not a test.

    .venv/bin/python bench/engine.py [--entries 1000] [--repeat 15] [--pyodide] [--smoke]

With ``--pyodide`` the same script also runs inside the pinned npm Pyodide under Node
(``node_modules/pyodide``), to show what the browser's worker costs. ``--smoke`` runs both
(CPython and Pyodide) on 20 entries once: a check that the script works, not a figure.

Goal (team brief): load + validate + insights in 50 ms or less in CPython on the dev machine.
"""

from __future__ import annotations

import argparse
import json
import os
import datetime as dt
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worksheet import codec, content, exports, insights, model, record  # noqa: E402

QUESTIONS = [
    "Tell me about yourself", "What is your biggest weakness?", "Describe a conflict at work",
    "What are your salary expectations?", "Why this company?", "Where do you see yourself in five years?",
    "Tell me about a time you failed", "How do you handle pressure?", "Why are you leaving your current job?",
]


def interviewer(name: str, title: str) -> dict:
    """An interviewer with every field the current schema has (the model's empty item)."""
    item = model.empty_item(model.FIELDS_BY_KEY["interviewers"])
    item.update(name=name, title=title)
    return item


def generate(n: int, seed: int = 1) -> dict:
    """``n`` entries at the current schema version: loading them migrates and adds nothing."""
    rng = random.Random(seed)
    doc = model.empty_document()
    start = dt.date(2024, 1, 1)
    for i in range(n):
        entry = model.new_entry(f"entry-{i:05d}", "2026-01-01T09:00:00Z")
        day = start + dt.timedelta(days=rng.randrange(900))
        entry.update(
            company=f"Company {rng.randrange(300)} Ltd", role=rng.choice(["Designer", "Engineer", "Analyst"]),
            interview_date=day.isoformat(), stage=rng.choice(content.STAGES)[0],
            format=rng.choice(content.FORMATS)[0], news_via=rng.choice(content.NEWS_VIA)[0],
            decision_date=(day + dt.timedelta(days=rng.randrange(1, 30))).isoformat(),
            interviewers=[interviewer(f"Person {k} 😀", "Lead") for k in range(rng.randrange(1, 4))],
            notes="Notes with ümlauts and עברית.\n" * rng.randrange(1, 4),
        )
        entry["reflection"]["questions"] = [
            {"question": rng.choice(QUESTIONS), "how_it_went": "It went fine, mostly."} for _ in range(rng.randrange(1, 5))
        ]
        for area, _ in content.RATING_AREAS:
            entry["reflection"]["ratings"][area] = rng.choice([None, 1, 2, 3, 4, 5])
        entry["reflection"]["went_well"] = ["Good examples", "On time", "Asked good questions"]
        entry["reflection"]["to_change"] = [{"change": "Shorter answers", "fix": "Practise with a timer"}]
        entry["mindset"]["story"] = "They did not like me." if i % 3 else ""
        entry["record"].update(  # the job-search record's own fields
            applied_on=(day - dt.timedelta(days=rng.randrange(5, 30))).isoformat(),
            contact_method=rng.choice(content.CONTACT_METHODS)[0], contact_person=f"=Recruiter {i % 50}",
            follow_up_1=(day + dt.timedelta(days=7)).isoformat() if i % 2 else "",
            follow_up_2=(day + dt.timedelta(days=14)).isoformat() if i % 4 == 1 else "",
            offer=i % 97 == 0,
        )
        entry["thank_you"].update(sent=True, date=(day + dt.timedelta(days=1)).isoformat())
        entry["actions"] = [{"text": "Mock interview", "due": day.isoformat(), "done": bool(i % 2)}]
        doc["entries"].append(entry)
    return doc


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except (OSError, AttributeError):  # Pyodide has no load average
        return "n/a"


def median_ms(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and median CPU time (this process only) in milliseconds.

    On a shared, busy machine the wall clock includes time spent waiting for a core; the
    CPU time is what the engine itself costs. Both are printed.
    """
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--pyodide", action="store_true", help="also run it in Pyodide (Node)")
    parser.add_argument("--smoke", action="store_true", help="a quick run that only checks this script still works (the test suite runs it); its figures mean nothing")
    args = parser.parse_args()
    if args.smoke:
        args.entries, args.repeat, args.pyodide = 20, 1, True
    if args.pyodide:
        run_in_pyodide(args.entries, args.repeat)

    doc = generate(args.entries)
    # What localStorage holds: the page saves JSON.stringify(doc), i.e. compact JSON.
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    backup = codec.dumps(doc)  # the indented export file
    loaded = codec.loads(text)
    assert loaded == doc and codec.loads(backup) == doc

    parse = median_ms(lambda: codec.parse_json(text), args.repeat)
    load = median_ms(lambda: codec.loads(text), args.repeat)
    validate = median_ms(lambda: codec.validate(loaded), args.repeat)
    ins = median_ms(lambda: insights.insights(loaded), args.repeat)
    total = median_ms(lambda: insights.insights(codec.loads(text)), args.repeat)
    chart = median_ms(lambda: insights.ratings_chart_svg(loaded), args.repeat)
    load_backup = median_ms(lambda: codec.loads(backup), args.repeat)
    rec = median_ms(lambda: record.job_search_record(loaded), args.repeat)
    csv_text = median_ms(lambda: exports.record_csv(loaded), args.repeat)
    activities = len(record.job_search_record(loaded)["activities"])

    print(f"Engine benchmark: {args.entries} entries, {len(text.encode('utf-8')) / 1024:.0f} KiB JSON, "
          f"median of {args.repeat} runs")
    runtime = "Pyodide" if sys.platform == "emscripten" else platform.python_implementation()
    print(f"  Python {platform.python_version()} ({runtime}), "
          f"{os.cpu_count()} CPUs, load average {_load()}")
    print(f"  {'':38} {'wall':>8} {'CPU':>8}")
    rows = [
        ("parse JSON only", parse),
        ("codec.loads (parse+migrate+validate)", load),
        ("codec.validate (already parsed)", validate),
        ("insights.insights", ins),
        ("loads + insights (goal: <= 50 ms)", total),
        ("ratings_chart_svg (extra)", chart),
        (f"loads of indented backup ({len(backup.encode('utf-8')) / 1024:.0f} KiB)", load_backup),
        (f"job_search_record ({activities} activities)", rec),
        ("record CSV export", csv_text),
    ]
    for label, (wall, cpu) in rows:
        print(f"  {label:38} {wall:6.1f} ms {cpu:6.1f} ms")
    wall, cpu = total
    print(f"  goal {'met' if wall <= 50 else 'missed'} on the wall clock, "
          f"{'met' if cpu <= 50 else 'missed'} in CPU time")

RUNNER = """
import { loadPyodide } from "%(root)s/node_modules/pyodide/pyodide.mjs";
import fs from "node:fs";
const py = await loadPyodide({ indexURL: "%(root)s/node_modules/pyodide/" });
py.FS.mkdirTree("/pkg/worksheet");
py.FS.mkdirTree("/pkg/bench");
for (const f of fs.readdirSync("%(root)s/worksheet", { recursive: true })) {
  if (!f.endsWith(".py") || f === "browser.py" || f.includes("__pycache__")) continue;
  const target = "/pkg/worksheet/" + f;
  py.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
  py.FS.writeFile(target, fs.readFileSync("%(root)s/worksheet/" + f));
}
py.FS.writeFile("/pkg/bench/engine.py", fs.readFileSync("%(root)s/bench/engine.py"));
py.runPython(`
import sys
sys.path.insert(0, "/pkg")
sys.argv = ["engine.py", "--entries", "%(entries)d", "--repeat", "%(repeat)d"]
import runpy
runpy.run_path("/pkg/bench/engine.py", run_name="__main__")
`);
"""


def run_in_pyodide(entries: int, repeat: int) -> None:
    import subprocess
    import tempfile

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        runner = Path(tmp) / "run.mjs"
        runner.write_text(RUNNER % {"root": root.as_posix(), "entries": entries, "repeat": repeat})
        print("--- in Pyodide (Node) ---")
        subprocess.run(["node", str(runner)], check=True)
        print("--- in CPython ---")


if __name__ == "__main__":
    main()
