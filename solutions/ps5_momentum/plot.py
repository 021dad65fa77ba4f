"""The feedback plot of ps5 (instructor-only): the student's momentum path at the notebook's saddle."""

import numpy as np

from autograder.harness import quadratic
from autograder.messages import Text, localized
from autograder.nbgrader_plugin.curves import Contour, NotDrawable, Plot, Series

SADDLE = quadratic([[1.0, 0.0], [0.0, -1.0]], [0.0, 0.0])  # f = (x**2 - y**2) / 2
START, LR, BETA, STEPS = [2.0, 0.01], 0.1, 0.9, 20


def compare(student, reference):
    ref = np.asarray(reference(SADDLE, START, lr=LR, beta=BETA, iterations=STEPS), dtype=float)
    try:
        got = np.asarray(student("minimize_momentum", SADDLE, START, lr=LR, beta=BETA, iterations=STEPS), dtype=float)
    except (TypeError, ValueError):
        raise NotDrawable(
            localized(
                en="minimize_momentum did not return an array of points",
                ko="minimize_momentum이(가) 점들의 배열을 돌려주지 않았어요",
            )
        ) from None
    if got.shape != ref.shape:
        raise NotDrawable(
            localized(
                en=f"minimize_momentum returned shape {got.shape}, not {ref.shape}",
                ko=f"minimize_momentum이(가) 돌려준 모양이 {ref.shape}가 아니라 {got.shape}예요",
            )
        )
    finite = np.isfinite(got).all(axis=1)
    stopped = "" if finite.all() else Text("curves.stops_point", step=int(np.argmin(finite)))
    end = int(np.argmin(finite)) if not finite.all() else len(got)
    return Series(got[:end, 0], got[:end, 1], stopped), Series(ref[:, 0], ref[:, 1])


plot = Plot(
    "minimize_momentum",
    compare,
    {
        "en": "minimize_momentum(grad, (2, 0.01), lr=0.1, beta=0.9, iterations=20) at the notebook's saddle "
        "f = (x² − y²) / 2: the points visited.",
        "ko": "노트북의 안장점 f = (x² − y²) / 2에서 "
        "minimize_momentum(grad, (2, 0.01), lr=0.1, beta=0.9, iterations=20): 지나간 점들.",
    },
    "x",
    "y",
    contour=Contour(lambda x, y: 0.5 * (x**2 - y**2), (-2.5, 2.5), (-1.0, 2.5), 15),
)
