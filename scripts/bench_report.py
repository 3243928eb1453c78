#!/usr/bin/env python3
"""Merge bench/tmp/*.json into bench/results.json and write docs/PERFORMANCE.md."""
import json, pathlib, subprocess, datetime

root = pathlib.Path(__file__).resolve().parent.parent
results = {}
for f in sorted((root / "bench" / "tmp").glob("*.json")):
    results.update(json.loads(f.read_text()))
(root / "bench" / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")

# name -> (target, direction, what it measures)
TARGETS = {
    "store.write_p99_ms": (5, "<=", "one change-logged durable write, p99 (ms)"),
    "store.write_vs_bare_ratio": (2, "<=", "mean logged write / mean bare durable insert"),
    "search.p99_ms_20k": (10, "<=", "accent-insensitive search over 20,000 households, p99 after a warming pass (ms)"),
    "search.cold_max_ms": (None, "", "slowest search of the first pass, caches cold (ms)"),
    "store.open_ms": (300, "<=", "unlock (Argon2id 64 MiB, t=2) + open + migration check, median (ms)"),
    "app.start_s": (0.8, "<=", "release app under Xvfb to first interactive screen, median of 5 (s)"),
    "app.pss_mb": (230, "<=", "PSS of app + WebKit processes, households list open (MiB)"),
    "app.deb_mb": (15, "<=", ".deb size (MB)"),
    "sync.push_10k_s": (1, "<=", "10,000 changes device -> province on loopback (s)"),
    "sync.bytes_per_change": (120, "<=", "bytes on the wire per change, compressed"),
    "province.ingest_per_s.sqlite": (20000, ">=", "changes/s, 200 devices pushing, SQLite"),
    "province.ingest_per_s.postgres": (20000, ">=", "changes/s, 200 devices pushing, PostgreSQL"),
    "province.ingest_vs_bulk_ratio": (0.3, ">=", "ingest rate / bare bulk insert rate"),
    "sync.first_sync_s": (3, "<=", "new device pulling 5,000 households and 10,000 loans (s)"),
    "money.sheet_save_ms": (100, "<=", "save a 60-member 13/TD: 60 durable payments, each with its receipt and chain entry, median (ms)"),
    "money.payment_p99_ms": (5, "<=", "one durable payment with its receipt and chain entry, p99 (ms)"),
}

commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()
# The files this script writes, and the prose it copies in, are not the measured code.
dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                        ":!bench/results.json", ":!docs/PERFORMANCE.md",
                        ":!docs/PERFORMANCE.notes.md", ":!scripts/bench_report.py"],
                       cwd=root, capture_output=True, text=True).stdout.strip()
lines = [
    "# Performance",
    "",
    f"Measured by `make bench` on commit `{commit}`{' (with uncommitted changes)' if dirty else ''}, "
    f"{datetime.date.today().isoformat()}, on the project machine (2 cores, 24 GiB, Debian 12).",
    "Figures come from bench/results.json, which `make bench` regenerates; this file is written from it.",
    "",
    "| figure | value | target | met | what |",
    "|---|---|---|---|---|",
]
for name, value in sorted(results.items()):
    target, direction, what = TARGETS.get(name, (None, "", ""))
    met = "" if target is None else ("yes" if (value <= target if direction == "<=" else value >= target) else "**no**")
    tgt = "" if target is None else f"{direction} {target}"
    lines.append(f"| `{name}` | {value} | {tgt} | {met} | {what} |")
missing = [n for n, (t, _, _) in TARGETS.items() if t is not None and n not in results]
if missing:
    lines += ["", "Not measured yet: " + ", ".join(f"`{n}`" for n in missing) + "."]
notes = root / "docs" / "PERFORMANCE.notes.md"
if notes.exists():
    lines += ["", notes.read_text().rstrip()]
(root / "docs" / "PERFORMANCE.md").write_text("\n".join(lines) + "\n")
print(json.dumps(results, indent=2, sort_keys=True))
