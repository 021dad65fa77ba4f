"""Hidden tests for ps3_sgd (instructor-only). Expected values come from the reference.

SGD problems are small (at most 120 samples, 20 epochs) and well-conditioned (standard-normal features),
so a correct solution that sums in another order still agrees with the reference to the default rtol.
"""

import numpy as np
import pytest

from autograder.harness import Mismatch, describe_type, expect_close, expect_unchanged, graded
from autograder.messages import Text, localized


def _regression(seed: int, m: int, n: int, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Standard-normal features, y linear in X plus a little noise."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n))
    y = X @ rng.normal(size=n) + rng.normal() + noise * rng.normal(size=m)
    return X, y


# The hand-traced example of the notebook: 3 samples, 1 feature.
X_TINY = np.array([[1.0], [2.0], [3.0]])
Y_TINY = np.array([2.0, 3.0, 5.0])

NAMES = ("w", "b", "losses")

# ------------------------------------------------------------------ learning_schedule


@pytest.mark.parametrize("t", [0, 1, 250])
@graded("learning_schedule", points=1, title=localized(en="default constants", ko="기본 상수"))
def test_learning_schedule_default_constants(student, reference, t):
    expect_close(student.learning_schedule(t), reference.learning_schedule(t))


@graded("learning_schedule", points=1, title=localized(en="other constants", ko="다른 상수"))
def test_learning_schedule_other_constants(student, reference):
    expect_close(student.learning_schedule(7, 2.0, 10.0), reference.learning_schedule(7, 2.0, 10.0))


@graded(
    "learning_schedule", points=1,
    title=localized(en="constants as keywords", ko="상수를 키워드 인자로 전달"),
)
def test_learning_schedule_constants_as_keywords(student, reference):
    expect_close(
        student.learning_schedule(40, t0=1.0, t1=200.0), reference.learning_schedule(40, t0=1.0, t1=200.0)
    )


# ------------------------------------------------------------------ fit_sgd


@graded("fit_sgd", points=1, title=localized(en="tiny example one epoch", ko="아주 작은 예제, 에포크 1번"))
def test_fit_sgd_tiny_example_one_epoch(student, reference):
    expect_close(
        student.fit_sgd(X_TINY, Y_TINY, 1, batch_size=2),
        reference.fit_sgd(X_TINY, Y_TINY, 1, batch_size=2),
        names=NAMES,
    )


@graded("fit_sgd", points=1, title=localized(en="zero epochs", ko="에포크 0번"))
def test_fit_sgd_zero_epochs(student, reference):
    expect_close(student.fit_sgd(X_TINY, Y_TINY, 0), reference.fit_sgd(X_TINY, Y_TINY, 0), names=NAMES)


@graded("fit_sgd", points=1, title=localized(en="batch size one", ko="batch_size 1"))
def test_fit_sgd_batch_size_one(student, reference):
    X, y = _regression(400, 30, 3)
    expect_close(student.fit_sgd(X, y, 10), reference.fit_sgd(X, y, 10), names=NAMES)


@graded("fit_sgd", points=1, title=localized(en="last batch shorter", ko="마지막 배치가 더 짧은 경우"))
def test_fit_sgd_last_batch_shorter(student, reference):
    X, y = _regression(401, 20, 3)  # batches of 6, 6, 6 and 2
    expect_close(
        student.fit_sgd(X, y, 8, batch_size=6), reference.fit_sgd(X, y, 8, batch_size=6), names=NAMES
    )


@pytest.mark.parametrize("batch_size", [20, 64])
@graded("fit_sgd", points=1, title=localized(en="one batch per epoch", ko="에포크마다 배치 하나"))
def test_fit_sgd_one_batch_per_epoch(student, reference, batch_size):
    X, y = _regression(402, 20, 2)
    expect_close(
        student.fit_sgd(X, y, 15, batch_size=batch_size),
        reference.fit_sgd(X, y, 15, batch_size=batch_size),
        names=NAMES,
    )


@graded("fit_sgd", points=1, title=localized(en="other schedule", ko="다른 학습률 스케줄"))
def test_fit_sgd_other_schedule(student, reference):
    X, y = _regression(403, 25, 2)
    expect_close(
        student.fit_sgd(X, y, 5, batch_size=5, t0=1.0, t1=20.0),
        reference.fit_sgd(X, y, 5, batch_size=5, t0=1.0, t1=20.0),
        names=NAMES,
    )


@graded("fit_sgd", points=1, title=localized(en="large learning rate", ko="큰 학습률"))
def test_fit_sgd_large_learning_rate(student, reference):
    X, y = _regression(404, 12, 2)  # eta starts at 1.0: the first updates overshoot
    expect_close(
        student.fit_sgd(X, y, 3, batch_size=4, t0=10.0, t1=10.0),
        reference.fit_sgd(X, y, 3, batch_size=4, t0=10.0, t1=10.0),
        reveal=False,
        names=NAMES,
    )


@graded("fit_sgd", points=1, title=localized(en="starts from w0 and b0", ko="w0, b0에서 시작"))
def test_fit_sgd_starts_from_w0_and_b0(student, reference):
    X, y = _regression(405, 15, 3)
    w0 = np.array([2.0, -1.0, 0.5])
    expect_close(
        student.fit_sgd(X, y, 4, batch_size=3, w0=w0, b0=-1.5),
        reference.fit_sgd(X, y, 4, batch_size=3, w0=w0, b0=-1.5),
        names=NAMES,
    )


@pytest.mark.parametrize("seed", [1, 12345])
@graded("fit_sgd", points=1, title=localized(en="other seed", ko="다른 seed"))
def test_fit_sgd_other_seed(student, reference, seed):
    X, y = _regression(406, 16, 2)
    expect_close(
        student.fit_sgd(X, y, 3, batch_size=4, seed=seed),
        reference.fit_sgd(X, y, 3, batch_size=4, seed=seed),
        names=NAMES,
    )


@graded("fit_sgd", points=1, title=localized(en="one sample", ko="샘플 하나"))
def test_fit_sgd_one_sample(student, reference):
    X, y = np.array([[0.5, -1.0]]), np.array([2.0])
    expect_close(
        student.fit_sgd(X, y, 6, batch_size=3), reference.fit_sgd(X, y, 6, batch_size=3), names=NAMES
    )


@pytest.mark.parametrize("seed", range(2))
@graded("fit_sgd", points=1, title=localized(en="random many features", ko="특성이 많은 무작위 입력"))
def test_fit_sgd_random_many_features(student, reference, seed):
    X, y = _regression(410 + seed, 120, 30)
    expect_close(
        student.fit_sgd(X, y, 20, batch_size=16, seed=seed),
        reference.fit_sgd(X, y, 20, batch_size=16, seed=seed),
        reveal=False,
        names=NAMES,
    )


@graded("fit_sgd", points=1, title=localized(en="losses length", ko="losses의 길이"))
def test_fit_sgd_losses_length(student):
    result = student.fit_sgd(X_TINY, Y_TINY, 4)
    losses = result[2] if isinstance(result, (tuple, list)) and len(result) == 3 else None
    if not isinstance(losses, (list, np.ndarray)) or len(losses) != 5:
        raise Mismatch(Text("tests.losses_per_epoch", count=5, kind=describe_type(losses)))


@graded("fit_sgd", points=1, title=localized(en="does not modify inputs", ko="입력 배열을 바꾸지 않음"))
def test_fit_sgd_does_not_modify_inputs(student, reference):
    # The arguments after the call are reported by the worker, which student code could tamper with,
    # so the test also demands the right answer: unchanged inputs alone earn nothing.
    X, y = _regression(420, 10, 2)
    w0 = np.array([0.5, -0.5])
    call = student.call("fit_sgd", X, y, 2, 3, 5.0, 50.0, w0, 0.0, 0, inputs_after=True)
    expect_close(call.value, reference.fit_sgd(X, y, 2, 3, 5.0, 50.0, w0, 0.0, 0), names=NAMES)
    expect_unchanged(
        call, [X, y, None, None, None, None, w0], ["X", "y", "epochs", "batch_size", "t0", "t1", "w0"]
    )
