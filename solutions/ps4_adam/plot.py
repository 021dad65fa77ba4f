"""The feedback plot of ps4 (instructor-only): the student's Adam path in the notebook's valley."""

import numpy as np

from autograder.harness import quadratic
from autograder.nbgrader_plugin.curves import Contour, Plot, path_curve

GRAD = quadratic([[1.0, 0.0], [0.0, 100.0]], [0.0, 0.0])
START = np.array([-4.0, 1.0])

plot = Plot(
    "minimize_adam",
    path_curve("minimize_adam", lambda k: ((GRAD, START), {"lr": 0.1, "iterations": k}), list(range(0, 151, 3))),
    {
        "en": "minimize_adam(grad, (-4, 1), lr=0.1, iterations=k) for k = 0 ... 150 on the notebook's valley "
        "f = (x² + 100 y²) / 2: the points visited.",
        "ko": "노트북의 골짜기 f = (x² + 100 y²) / 2에서 k = 0 ... 150에 대한 "
        "minimize_adam(grad, (-4, 1), lr=0.1, iterations=k): 지나간 점들.",
    },
    "x",
    "y",
    contour=Contour(
        lambda x, y: 0.5 * (x**2 + 100 * y**2), (-4.5, 1.5), (-1.3, 1.3), np.geomspace(0.01, 100, 12)
    ),
)
