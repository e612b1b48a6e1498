#!/usr/bin/python3
"""B3 peer: scipy.optimize.linear_sum_assignment on DIR/cost.npy (volgen -pairing dense).

    /usr/bin/python3 lsa_dense.py DIR    prints the minimum total cost
"""
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment

cost = np.load(sys.argv[1] + "/cost.npy")
rows, cols = linear_sum_assignment(cost)
print(int(cost[rows, cols].sum()))
