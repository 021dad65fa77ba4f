"""The feedback plot of ps5 (instructor-only): the student's momentum path at the notebook's saddle."""

import numpy as np

from autograder.harness import quadratic
from autograder.nbgrader_plugin.curves import Contour, NotDrawable, Plot, Series

SADDLE = quadratic([[1.0, 0.0], [0.0, -1.0]], [0.0, 0.0])  # f = (x**2 - y**2) / 2
START, LR, BETA, STEPS = [2.0, 0.01], 0.1, 0.9, 20


def compare(student, reference):
    ref = np.asarray(reference(SADDLE, START, lr=LR, beta=BETA, iterations=STEPS), dtype=float)
    try:
        got = np.asarray(student("minimize_momentum", SADDLE, START, lr=LR, beta=BETA, iterations=STEPS), dtype=float)
    except (TypeError, ValueError):
        raise NotDrawable("minimize_momentum did not return an array of points") from None
    if got.shape != ref.shape:
        raise NotDrawable(f"minimize_momentum returned shape {got.shape}, not {ref.shape}")
    finite = np.isfinite(got).all(axis=1)
    stopped = "" if finite.all() else f"stops at step {int(np.argmin(finite))}: the point became infinite or NaN"
    end = int(np.argmin(finite)) if not finite.all() else len(got)
    return Series(got[:end, 0], got[:end, 1], stopped), Series(ref[:, 0], ref[:, 1])


plot = Plot(
    "minimize_momentum",
    compare,
    "minimize_momentum(grad, (2, 0.01), lr=0.1, beta=0.9, iterations=20) at the notebook's saddle "
    "f = (x² − y²) / 2: the points visited.",
    "x",
    "y",
    contour=Contour(lambda x, y: 0.5 * (x**2 - y**2), (-2.5, 2.5), (-1.0, 2.5), 15),
)
