#!/usr/bin/python3
"""Independent oracle for `pulmo-cli golden --json --predictions CSV` (issue 20 item 4), with SciPy
and numpy.

  golden_oracle.py PREDICTIONS.csv GOLDEN.json

Recomputes from the per-image rows (truth, answer, probability of PNEUMONIA): the confusion
counts (an INDETERMINATE answer is neither a detection nor a clearance), sensitivity and
specificity with Clopper-Pearson 95% intervals (scipy.stats.binomtest(...).proportion_ci(
method="exact")), the expected calibration error over the JSON's equal-width bins, and the largest
threshold keeping the target sensitivity. Prints each disagreement and exits 1 on any.

Run with Debian's interpreter (python3-scipy, python3-numpy).
"""
import csv
import json
import math
import sys

import numpy
from scipy import stats


def main():
    with open(sys.argv[1], encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(sys.argv[2], encoding="utf-8") as handle:
        ours = json.load(handle)
    truth = numpy.array([r["truth"] == "PNEUMONIA" for r in rows])
    answer = [r["answer"] for r in rows]
    p = numpy.array([float(r["probability_positive"]) for r in rows])
    problems = []

    def same(name, theirs, mine, tolerance=1e-9):
        if mine is None or theirs is None:
            if mine is not theirs:
                problems.append(f"{name}: ours {theirs}, oracle {mine}")
            return
        if not math.isclose(theirs, mine, rel_tol=tolerance, abs_tol=tolerance):
            problems.append(f"{name}: ours {theirs}, oracle {mine}")

    tp = sum(1 for t, a in zip(truth, answer) if t and a == "PNEUMONIA")
    fn = sum(1 for t, a in zip(truth, answer) if t and a == "NORMAL")
    tn = sum(1 for t, a in zip(truth, answer) if not t and a == "NORMAL")
    fp = sum(1 for t, a in zip(truth, answer) if not t and a == "PNEUMONIA")
    ind_p = sum(1 for t, a in zip(truth, answer) if t and a == "INDETERMINATE")
    ind_n = sum(1 for t, a in zip(truth, answer) if not t and a == "INDETERMINATE")
    positives, negatives = int(truth.sum()), int((~truth).sum())
    confusion = ours["confusion"]
    if confusion["NORMAL"] != [tn, fp, ind_n] or confusion["PNEUMONIA"] != [fn, tp, ind_p]:
        problems.append(f"confusion: ours {confusion}, oracle N {[tn, fp, ind_n]} P {[fn, tp, ind_p]}")
    for name, k, n in (("sensitivity", tp, positives), ("specificity", tn, negatives)):
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
        same(name, ours[name], k / n)
        same(name + " low", ours[name + "_ci95"][0], float(ci.low))
        same(name + " high", ours[name + "_ci95"][1], float(ci.high))
    bins = len(ours["reliability"])
    index = numpy.minimum((p * bins).astype(int), bins - 1)
    ece = 0.0
    for b in range(bins):
        inside = index == b
        if inside.any():
            ece += inside.mean() * abs(p[inside].mean() - truth[inside].mean())
            same(f"bin {b} mean", ours["reliability"][b]["mean_probability"], float(p[inside].mean()))
        if int(inside.sum()) != ours["reliability"][b]["n"]:
            problems.append(f"bin {b} count: ours {ours['reliability'][b]['n']}, oracle {int(inside.sum())}")
    same("ece", ours["ece"], float(ece))
    # The largest threshold t with mean(p[truth] >= t) >= target: a positive's own score.
    target = ours["target_sensitivity"]
    candidates = [t for t in sorted(set(p[truth]), reverse=True) if (p[truth] >= t).mean() >= target]
    same("threshold", ours["threshold_for_target"], float(candidates[0]) if candidates else None)
    if candidates:
        same("specificity at threshold", ours["specificity_at_threshold"], float((p[~truth] < candidates[0]).mean()))
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
