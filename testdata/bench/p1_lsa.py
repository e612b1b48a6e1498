#!/usr/bin/python3
"""P1 peer: scipy.optimize.linear_sum_assignment on the full cost matrix of
vol pair elders' problem (volgen -pairing ledger wrote DIR/cost.npy: elder
households × volunteers, 2^40 where a volunteer would take their own
household).

    /usr/bin/python3 p1_lsa.py DIR    prints the total cost and the pairs

On a rectangular matrix linear_sum_assignment pairs min(elders, volunteers)
rows at minimum cost; a forbidden pair it had to take leaves its elder
unpaired, and its price makes the solver take as few as it can, so the
plan pairs as many elders as the rules allow, as vol's does.
"""
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment

FORBIDDEN = 1 << 40
cost = np.load(sys.argv[1] + "/cost.npy")
if cost.size == 0:
    print(0, 0)
    sys.exit()
rows, cols = linear_sum_assignment(cost)
c = cost[rows, cols]
ok = c < FORBIDDEN
print(int(c[ok].sum()), int(ok.sum()))
