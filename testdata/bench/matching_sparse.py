#!/usr/bin/python3
"""B4 peer: scipy.sparse.csgraph.min_weight_full_bipartite_matching on the
k-nearest graph volgen -pairing sparse wrote in DIR (CSR arrays: shape,
indptr, indices, data; every elder row has its private "unpaired" column,
so a full matching of the rows exists).

    /usr/bin/python3 matching_sparse.py DIR    prints the minimum total cost
"""
import sys

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

d = sys.argv[1]
shape = tuple(int(x) for x in np.load(d + "/shape.npy"))
graph = csr_matrix((np.load(d + "/data.npy").astype(np.float64), np.load(d + "/indices.npy"),
                    np.load(d + "/indptr.npy")), shape=shape)
rows, cols = min_weight_full_bipartite_matching(graph)
print(int(np.asarray(graph[rows, cols]).sum()))
