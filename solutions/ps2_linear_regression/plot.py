"""The feedback plot of ps2 (instructor-only): the student's loss curve on the notebook's data."""

import numpy as np

from autograder.nbgrader_plugin.curves import Plot, loss_curve


def notebook_data():
    """The data of the ps2 notebook: y = 0.3 x + 0.5 + noise, 40 points and two outliers."""
    rng = np.random.default_rng(0)
    x_clean = rng.uniform(0, 10, size=40)
    y_clean = 0.3 * x_clean + 0.5 + rng.normal(0, 0.25, size=40)
    x = np.append(x_clean, [1.0, 9.5])
    return x.reshape(-1, 1), np.append(y_clean, [4.5, 0.0])


X, y = notebook_data()
plot = Plot(
    "fit_gradient_descent",
    loss_curve("fit_gradient_descent", (X, y, 0.02, 300), {}, 301),
    {
        "en": "fit_gradient_descent(X, y, 0.02, 300) on the notebook's data (y = 0.3x + 0.5 + noise, "
        "two outliers): the loss after each step.",
        "ko": "노트북의 데이터(y = 0.3x + 0.5 + 잡음, 이상치 두 개)에 대한 "
        "fit_gradient_descent(X, y, 0.02, 300): 스텝마다의 손실.",
    },
    {"en": "iteration", "ko": "반복 횟수"},
    {"en": "MSE (log scale)", "ko": "MSE (로그 눈금)"},
    log_y=True,
)
