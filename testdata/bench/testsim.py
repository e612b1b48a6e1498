#!/usr/bin/env python3
"""testsim.py: an independent check of vol's testing-round prediction (issue 18).

    testsim.py PEOPLE.json PLAN.json STATIONS RATE PER_FLOOR_MIN WALK_MIN [MAX_QUEUE]

PEOPLE.json is `vol person list --json --full`, PLAN.json `vol test plan
--json` with the same parameters (a default walk of WALK_MIN minutes for every
building). It rebuilds who comes down with each call from the register (present
people, not property staff, not those whose needs are on the home-visit list:
卧床, 行动不便, 轮椅), the arrivals of the model in the README (the n people of a
floor spread evenly over that floor's minute of coming down, after the walk),
and runs its own event loop: a heap of station free times, first come first
served. It prints one line and exits 1 when the finish differs by more than a
minute or the longest queue by more than one person from vol's.
"""
import heapq
import json
import math
import re
import sys
from collections import defaultdict
from datetime import datetime

HOME = {"卧床", "行动不便", "轮椅"}


def main():
    people = json.load(open(sys.argv[1]))
    plan = json.load(open(sys.argv[2]))
    stations = int(sys.argv[3])
    service = round(60 / float(sys.argv[4]))
    per_floor = round(float(sys.argv[5]) * 60)
    walk = round(float(sys.argv[6]) * 60)
    t0 = datetime.fromisoformat(plan["start"])

    # who lives where: (building as printed, unit) -> floor -> count
    floors = defaultdict(lambda: defaultdict(int))
    staff = 0
    for p in people:
        if not p["present"]:
            continue
        if p["role"] == "property_staff" or not p.get("address"):
            staff += 1
            continue
        if HOME & set(p.get("needs") or []):
            continue
        m = re.match(r"^(.*?(?:号楼|座))(?:(\d+)单元)?(\d+)室$", p["address"])
        if not m:
            sys.exit(f"address {p['address']!r} not understood")
        room = int(m.group(3))
        floors[(m.group(1), m.group(2) or "")][room // 100] += 1

    arrivals = []  # (time, call, index)
    for k in range(staff):
        arrivals.append((k * service // stations, -1, k))
    call = 0
    for wave in plan["waves"]:
        at = int((datetime.fromisoformat(wave["start"]) - t0).total_seconds())
        for u in wave["units"]:
            lo, hi = -(1 << 31), (1 << 31) - 1
            if u["floors"]:
                a, _, b = u["floors"].partition("-")
                lo, hi = int(a), int(b or a)
            k = 0
            for f in sorted(floors[(u["building"], u["unit"])]):
                if not lo <= f <= hi:
                    continue
                n = floors[(u["building"], u["unit"])][f]
                base = at + walk + max(f, 0) * per_floor
                for i in range(n):
                    arrivals.append((base + i * per_floor // n, call, k))
                    k += 1
            if k != u["residents"]:
                sys.exit(f"{u}: the register gives {k} people")
            call += 1
    arrivals.sort()

    free = [0] * stations  # a heap of the times each station is free
    heapq.heapify(free)
    starts = []
    finish = max_wait = 0
    for t, _, _ in arrivals:
        s = max(t, heapq.heappop(free))
        heapq.heappush(free, s + service)
        starts.append(s)
        finish = max(finish, s + service)
        max_wait = max(max_wait, s - t)
    # the queue just after each arrival instant: arrived, not yet at a station
    queue = 0
    times = sorted({t for t, _, _ in arrivals})
    ai = si = 0
    ss = sorted(starts)
    for t in times:
        while ai < len(arrivals) and arrivals[ai][0] <= t:
            ai += 1
        while si < len(ss) and ss[si] <= t:
            si += 1
        queue = max(queue, ai - si)

    vol_finish = int((datetime.fromisoformat(plan["finish"]) - t0).total_seconds())
    ok = abs(vol_finish - finish) <= 60 and abs(plan["max_queue"] - queue) <= 1
    print(f"{'ok' if ok else 'DIFFERENT'}: {len(arrivals)} people; finish vol {vol_finish} s, event loop {finish} s; "
          f"longest queue vol {plan['max_queue']}, event loop {queue}; longest wait event loop {math.ceil(max_wait / 60)} min")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
