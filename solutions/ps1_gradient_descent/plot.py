"""The feedback plot of ps1 (instructor-only): the student's iterates against the reference's."""

import numpy as np

from autograder.messages import Text
from autograder.nbgrader_plugin.curves import Plot, Series, numbers, until_finite


def compare(student, reference):
    steps = np.arange(0, 31)
    got = student.each("get_minimizer_x", [((int(k), 0.1, 3.0), {}) for k in steps])  # one request, 31 calls
    ref = [reference(int(k), 0.1, 3.0) for k in steps]
    values = numbers(got, len(steps), Text("curves.results_of", function="get_minimizer_x"))
    return until_finite(steps.astype(float), values, False), Series(steps.astype(float), np.array(ref))


plot = Plot(
    "get_minimizer_x",
    compare,
    {
        "en": "get_minimizer_x(k, 0.1, 3) for k = 0 ... 30 steps, as in the notebook's iterates plot.",
        "ko": "k = 0 ... 30스텝에 대한 get_minimizer_x(k, 0.1, 3). 노트북의 반복값 그래프와 같아요.",
    },
    {"en": "iterations k", "ko": "반복 횟수 k"},
    {"en": "x after k steps", "ko": "k스텝 뒤의 x"},
)
