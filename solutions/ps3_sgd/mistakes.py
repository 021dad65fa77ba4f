"""Known mistakes in ps3_sgd (instructor-only): each a mutant of the reference solution.

The grader runs these on the trusted side to name a student's mistake (autograder/diagnose.py); their
texts are in autograder/messages.py under "mistake.<id>". fit_sgd's mutants share `_sgd`, the
reference's loop with hooks for the part that goes wrong; they call learning_schedule by its public name,
as a student's fit_sgd calls their own.
"""

import numpy as np

from autograder.diagnose import MistakeCatalog, reference_beside

_reference = reference_beside(__file__)
learning_schedule, _mse = _reference.learning_schedule, _reference._mse

mistakes = MistakeCatalog()

# ------------------------------------------------------------------ learning_schedule


@mistakes.mistake("learning_schedule", "operator_precedence")
def learning_schedule_precedence(t, t0=5.0, t1=50.0):
    return t0 / t + t1


@mistakes.mistake("learning_schedule", "swapped_constants")
def learning_schedule_swapped(t, t0=5.0, t1=50.0):
    return t1 / (t + t0)


# ------------------------------------------------------------------ fit_sgd


def _gradient(X, y, w, b, sign=1.0, factor=2.0, divisor=None):
    residual = sign * (X @ w + b - y)
    m = X.shape[0] if divisor is None else divisor
    return (factor / m) * X.T @ residual, float((factor / m) * np.sum(residual))


def _sgd(
    X,
    y,
    epochs,
    batch_size,
    t0,
    t1,
    w0,
    b0,
    seed,
    gradient=_gradient,
    order=None,
    batches=None,
    schedule_per_epoch=False,
    update_b=True,
    in_place=False,
    losses_start=True,
):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    m, n = X.shape
    rng = np.random.default_rng(seed)
    w = np.zeros(n) if w0 is None else (np.asarray if in_place else np.array)(w0, dtype=float)
    b = float(b0)
    t = 0
    losses = [_mse(X, y, w, b)] if losses_start else []
    for epoch in range(epochs):
        if order is None:
            visit = rng.permutation(m)
        else:
            visit, rng = order(rng, m, seed)
        starts = range(0, m, batch_size) if batches is None else batches(m, batch_size)
        for start in starts:
            idx = visit[start : start + batch_size]
            grad_w, grad_b = gradient(X[idx], y[idx], w, b)
            eta = learning_schedule(epoch if schedule_per_epoch else t, t0, t1)
            if in_place:
                w -= eta * grad_w
            else:
                w = w - eta * grad_w
            if update_b:
                b = b - eta * grad_b
            t += 1
        losses.append(_mse(X, y, w, b))
    return w, b, losses


@mistakes.mistake("fit_sgd", "sign_error")
def fit_sgd_sign_error(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    def gradient(Xb, yb, w, b):
        return _gradient(Xb, yb, w, b, sign=-1.0)

    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, gradient=gradient)


@mistakes.mistake("fit_sgd", "missing_factor_2")
def fit_sgd_missing_factor_2(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    def gradient(Xb, yb, w, b):
        return _gradient(Xb, yb, w, b, factor=1.0)

    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, gradient=gradient)


@mistakes.mistake("fit_sgd", "sum_instead_of_mean")
def fit_sgd_sum(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    def gradient(Xb, yb, w, b):
        return _gradient(Xb, yb, w, b, divisor=1)

    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, gradient=gradient)


@mistakes.mistake("fit_sgd", "batch_gradient_over_m")
def fit_sgd_divided_by_m(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    m = np.asarray(X).shape[0]

    def gradient(Xb, yb, w, b):
        return _gradient(Xb, yb, w, b, divisor=m)

    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, gradient=gradient)


@mistakes.mistake("fit_sgd", "b_not_updated")
def fit_sgd_b_not_updated(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, update_b=False)


@mistakes.mistake("fit_sgd", "schedule_per_epoch")
def fit_sgd_schedule_per_epoch(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, schedule_per_epoch=True)


@mistakes.mistake("fit_sgd", "no_shuffle")
def fit_sgd_no_shuffle(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    def order(rng, m, seed):
        return np.arange(m), rng

    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, order=order)


@mistakes.mistake("fit_sgd", "global_random")
def fit_sgd_global_random(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    # np.random.seed(seed) then np.random.permutation(m) each epoch: the legacy RandomState stream,
    # reproduced without touching the grader's global random state.
    legacy = np.random.RandomState(seed)

    def order(rng, m, seed):
        return legacy.permutation(m), rng

    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, order=order)


@mistakes.mistake("fit_sgd", "with_replacement")
def fit_sgd_with_replacement(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    def order(rng, m, seed):
        return rng.integers(0, m, size=m), rng

    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, order=order)


@mistakes.mistake("fit_sgd", "with_replacement")
def fit_sgd_choice_with_replacement(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    def order(rng, m, seed):
        return rng.choice(m, size=m), rng

    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, order=order)


@mistakes.mistake("fit_sgd", "reseeded_each_epoch")
def fit_sgd_reseeded_each_epoch(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    def order(rng, m, seed):
        fresh = np.random.default_rng(seed)
        return fresh.permutation(m), fresh

    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, order=order)


@mistakes.mistake("fit_sgd", "drops_last_batch")
def fit_sgd_drops_last_batch(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    def batches(m, batch_size):
        return range(0, m - batch_size + 1, batch_size)

    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, batches=batches)


@mistakes.mistake("fit_sgd", "off_by_one")
def fit_sgd_one_epoch_too_few(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    return _sgd(X, y, max(epochs - 1, 0), batch_size, t0, t1, w0, b0, seed)


@mistakes.mistake("fit_sgd", "off_by_one")
def fit_sgd_one_epoch_too_many(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    return _sgd(X, y, epochs + 1, batch_size, t0, t1, w0, b0, seed)


@mistakes.mistake("fit_sgd", "losses_wrong_length")
def fit_sgd_no_starting_loss(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, losses_start=False)


@mistakes.mistake("fit_sgd", "in_place")
def fit_sgd_in_place(X, y, epochs, batch_size=1, t0=5.0, t1=50.0, w0=None, b0=0.0, seed=0):
    return _sgd(X, y, epochs, batch_size, t0, t1, w0, b0, seed, in_place=True)
