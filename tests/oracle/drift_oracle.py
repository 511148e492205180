#!/usr/bin/python3
"""Independent oracle for Pulmo's drift statistics (feedback/monitoring/DriftStatistics), with SciPy.

  drift_oracle.py CASES.json
      CASES.json: {"js": [[p, q], ...], "ks": [[a, b], ...], "chi2": [table, ...],
                   "wilson": [[k, n, confidence], ...], "clopper_pearson": [[k, n, confidence], ...]}
      Prints the same keys with SciPy's answers: js distances; ks [D, p] with p from Kolmogorov's
      limiting distribution at D*sqrt(m*n/(m+n)) (scipy.stats.kstwobign.sf), D from ks_2samp;
      chi2 [statistic, p, dof] from chi2_contingency(correction=False) on the columns with a
      non-zero total; intervals [low, high] from binomtest(k, n).proportion_ci.

Run with Debian's interpreter (python3-scipy, python3-numpy).
"""
import json
import sys

import numpy
from scipy import stats
from scipy.spatial import distance


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    out = {"js": [], "ks": [], "chi2": [], "wilson": [], "clopper_pearson": []}
    for p, q in cases.get("js", []):
        out["js"].append(float(distance.jensenshannon(p, q, base=2)))
    for a, b in cases.get("ks", []):
        d = float(stats.ks_2samp(a, b).statistic)
        m, n = len(a), len(b)
        out["ks"].append([d, float(stats.kstwobign.sf(d * numpy.sqrt(m * n / (m + n))))])
    for table in cases.get("chi2", []):
        t = numpy.array(table, dtype=float)
        t = t[:, t.sum(axis=0) > 0]
        t = t[t.sum(axis=1) > 0, :]
        if t.shape[0] < 2 or t.shape[1] < 2:
            out["chi2"].append([0.0, 1.0, 0])
            continue
        statistic, p, dof, _ = stats.chi2_contingency(t, correction=False)
        out["chi2"].append([float(statistic), float(p), int(dof)])
    for key, method in (("wilson", "wilson"), ("clopper_pearson", "exact")):
        for k, n, confidence in cases.get(key, []):
            ci = stats.binomtest(int(k), int(n)).proportion_ci(confidence_level=confidence, method=method)
            out[key].append([float(ci.low), float(ci.high)])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
