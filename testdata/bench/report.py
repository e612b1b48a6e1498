#!/usr/bin/python3
"""Renders the benchmark table (bench.sh runs this).

    /usr/bin/python3 report.py WORK OUT.md

Reads WORK/rows.tsv (one line a benchmark row, written by bench.sh:
id, work, vol hyperfine JSON, peer hyperfine JSON, goal ratio, goal seconds,
goal MB, vol memory file, peer memory file, check line), WORK/machine.md and
WORK/notes.md, and writes the Markdown table to OUT.md and stdout. Medians
come from hyperfine's JSON; peak memory is the largest /usr/bin/time %M (KB)
of the runs. A row whose check failed, or whose command failed (no timing),
is marked; main returns the number of such rows. Goals: a ratio (vol ÷
peer), vol's median in seconds, vol's peak memory in MB; a row has any of
them.
"""
import json
import os
import sys


def median(path):
    return json.load(open(path))["results"][0]["median"]


def secs(s):
    if s < 1:
        return f"{s * 1000:.0f} ms" if s >= 0.01 else f"{s * 1000:.1f} ms"
    return f"{s:.2f} s" if s < 100 else f"{s:.0f} s"


def peak_mb(path):
    try:
        kb = [int(x) for x in open(path).read().split() if x.isdigit()]
    except OSError:
        return None
    return max(kb) / 1024 if kb else None


def main(work, out):
    lines = []
    lines.append(open(os.path.join(work, "machine.md")).read().rstrip() + "\n")
    lines.append("| # | work | vol median | peer median | ratio vol/peer | goal | peak memory vol (peer) | goal met | check |")
    lines.append("|---|---|---:|---:|---:|---|---:|---|---|")
    failed = 0
    for row in open(os.path.join(work, "rows.tsv")):
        rid, work_, vj, pj, gr, gs, gm, memf, pmemf, check = row.rstrip("\n").split("\t")
        try:
            v, p = median(vj), median(pj)
        except (OSError, KeyError, ValueError):
            v = p = None
            if check.startswith("ok"):
                check = "FAIL: a command failed, no timing (see bench.sh's log)"
        if not check.startswith("ok"):
            failed += 1
            check = "**" + (check or "FAIL: no check") + "**"
        if v is None:
            lines.append(f"| {rid} | {work_} | – | – | – | – | – | no | {check} |")
            continue
        ratio = v / p
        mb = peak_mb(memf)
        goal, met = [], True
        if gr:
            goal.append(f"≤ {gr}")
            met = ratio <= float(gr)
        if gs:
            goal.append(f"vol < {secs(float(gs))}")
            met = met and v < float(gs)
        if gm:
            goal.append(f"≤ {gm} MB")
            met = met and mb is not None and mb <= float(gm)
        pmb = peak_mb(pmemf)
        memtxt = (f"{mb:,.0f} MB" if mb is not None else "–") + (f" ({pmb:,.0f} MB)" if pmb is not None else "")
        lines.append(f"| {rid} | {work_} | {secs(v)} | {secs(p)} | {ratio:.2f} | {', '.join(goal) or '–'} | {memtxt} | "
                     f"{'yes' if met else '**no**'} | {check} |")
    notes = os.path.join(work, "notes.md")
    if os.path.exists(notes):
        lines.append("")
        lines.append(open(notes).read().rstrip())
    text = "\n".join(lines) + "\n"
    open(out, "w").write(text)
    sys.stdout.write(text)
    return failed


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1], sys.argv[2]) else 0)
