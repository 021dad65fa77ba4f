"""The feedback plot of ps3 (instructor-only): the student's loss per epoch on the notebook's data."""

import numpy as np

from autograder.nbgrader_plugin.curves import Plot, loss_curve


def notebook_data():
    """The data of the ps3 notebook: 200 samples, 2 features."""
    rng = np.random.default_rng(1)
    X = rng.uniform(0, 2, size=(200, 2))
    return X, X @ np.array([1.5, -0.8]) + 0.5 + rng.normal(0, 0.3, size=200)


X, y = notebook_data()
plot = Plot(
    "fit_sgd",
    loss_curve("fit_sgd", (X, y, 30), {"batch_size": 4}, 31),
    {
        "en": "fit_sgd(X, y, 30, batch_size=4) on the notebook's 200 samples: the full-data loss after "
        "each epoch.",
        "ko": "노트북의 샘플 200개에 대한 fit_sgd(X, y, 30, batch_size=4): 에포크마다 전체 데이터의 손실.",
    },
    {"en": "epoch", "ko": "에포크"},
    {"en": "MSE (log scale)", "ko": "MSE (로그 눈금)"},
    log_y=True,
)
