"""Known mistakes in ps1_gradient_descent (instructor-only): each a mutant of the reference solution.

The grader runs these on the trusted side to name a student's mistake (autograder/diagnose.py); their
texts are in autograder/messages.py under "mistake.<id>". Each mutant is the reference's code with one
mistake, written the way a student would, so tests/cohort/diagnosis/make_cohort.py can turn it into a
submission.
"""

import numpy as np

from autograder.diagnose import MistakeCatalog

mistakes = MistakeCatalog(compare={"get_minimizer_x": {"decimals": 6}})

# ------------------------------------------------------------------ get_minimizer_x


@mistakes.mistake("get_minimizer_x", "sign_error")
def get_minimizer_x_sign_error(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x + learning_rate * 2 * x
    return round(x, 6)


@mistakes.mistake("get_minimizer_x", "missing_factor_2")
def get_minimizer_x_missing_factor_2(iterations, learning_rate, init):
    x = init
    for _ in range(iterations):
        x = x - learning_rate * x
    return round(x, 6)


@mistakes.mistake("get_minimizer_x", "off_by_one")
def get_minimizer_x_one_step_too_many(iterations, learning_rate, init):
    x = init
    for _ in range(iterations + 1):
        x = x - learning_rate * 2 * x
    return round(x, 6)


@mistakes.mistake("get_minimizer_x", "off_by_one")
def get_minimizer_x_one_step_too_few(iterations, learning_rate, init):
    x = init
    for _ in range(1, iterations):
        x = x - learning_rate * 2 * x
    return round(x, 6)


# ------------------------------------------------------------------ gradient_descent


@mistakes.mistake("gradient_descent", "sign_error")
def gradient_descent_sign_error(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x + learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x


@mistakes.mistake("gradient_descent", "off_by_one")
def gradient_descent_one_step_too_many(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations + 1):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x


@mistakes.mistake("gradient_descent", "off_by_one")
def gradient_descent_one_step_too_few(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations - 1):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x


@mistakes.mistake("gradient_descent", "extra_gradient_call")
def gradient_descent_extra_gradient_call(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    grad = np.asarray(grad_fn(x), dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * grad
        grad = np.asarray(grad_fn(x), dtype=float)
    return x


@mistakes.mistake("gradient_descent", "in_place")
def gradient_descent_in_place(grad_fn, x0, learning_rate, iterations):
    x = np.asarray(x0, dtype=float)
    for _ in range(iterations):
        x -= learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
