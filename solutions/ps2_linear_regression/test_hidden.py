"""Hidden tests for ps2_linear_regression (instructor-only). Expected values come from the reference."""

import numpy as np
import pytest

from autograder.harness import Mismatch, describe_type, expect_close, expect_unchanged, graded
from autograder.messages import Text, localized


def _regression(seed: int, m: int, n: int, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """A well-conditioned problem: standard-normal features, y linear in X plus a little noise."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n))
    y = X @ rng.normal(size=n) + rng.normal() + noise * rng.normal(size=m)
    return X, y


# The worked example of the notebook: 4 samples, 2 features.
X_SMALL = np.array([[1.0, 2.0], [2.0, 0.5], [3.0, -1.0], [0.5, 1.5]])
Y_SMALL = np.array([5.0, 4.0, 2.5, 3.5])
W_SMALL = np.array([0.5, -0.25])
B_SMALL = 1.5

# ------------------------------------------------------------------ predict


@graded("predict", points=1, title=localized(en="small example", ko="작은 예제"))
def test_predict_small_example(student, reference):
    expect_close(student.predict(X_SMALL, W_SMALL, B_SMALL), reference.predict(X_SMALL, W_SMALL, B_SMALL))


@graded("predict", points=1, title=localized(en="one sample", ko="샘플 하나"))
def test_predict_one_sample(student, reference):
    X, w = np.array([[2.0, -1.0, 0.5]]), np.array([1.0, 3.0, -2.0])
    expect_close(student.predict(X, w, -0.5), reference.predict(X, w, -0.5))


@graded("predict", points=1, title=localized(en="random many features", ko="특성이 많은 무작위 입력"))
def test_predict_random_many_features(student, reference):
    rng = np.random.default_rng(300)
    X, w, b = rng.normal(size=(25, 30)), rng.normal(size=30), float(rng.normal())
    expect_close(student.predict(X, w, b), reference.predict(X, w, b), reveal=False)


# ------------------------------------------------------------------ mse_loss


@graded("mse_loss", points=1, title=localized(en="small example", ko="작은 예제"))
def test_mse_loss_small_example(student, reference):
    got = student.mse_loss(X_SMALL, Y_SMALL, W_SMALL, B_SMALL)
    expect_close(got, reference.mse_loss(X_SMALL, Y_SMALL, W_SMALL, B_SMALL))


@graded("mse_loss", points=1, title=localized(en="perfect fit is zero", ko="완벽하게 맞으면 손실 0"))
def test_mse_loss_perfect_fit_is_zero(student, reference):
    y = reference.predict(X_SMALL, W_SMALL, B_SMALL)
    expect_close(
        student.mse_loss(X_SMALL, y, W_SMALL, B_SMALL), reference.mse_loss(X_SMALL, y, W_SMALL, B_SMALL)
    )


@graded("mse_loss", points=1, title=localized(en="one sample", ko="샘플 하나"))
def test_mse_loss_one_sample(student, reference):
    X, y, w = np.array([[1.0, 2.0]]), np.array([3.0]), np.array([0.5, 0.5])
    expect_close(student.mse_loss(X, y, w, 1.0), reference.mse_loss(X, y, w, 1.0))


@graded("mse_loss", points=1, title=localized(en="random", ko="무작위 입력"))
def test_mse_loss_random(student, reference):
    X, y = _regression(310, 40, 5)
    w, b = np.random.default_rng(311).normal(size=5), 0.3
    got = student.mse_loss(X, y, w, b)
    if not isinstance(got, (float, int)) or isinstance(got, bool):
        raise Mismatch(Text("tests.not_a_number", function="mse_loss", kind=describe_type(got)))
    expect_close(got, reference.mse_loss(X, y, w, b), reveal=False)


# ------------------------------------------------------------------ mse_gradient


@graded("mse_gradient", points=1, title=localized(en="small example", ko="작은 예제"))
def test_mse_gradient_small_example(student, reference):
    expect_close(
        student.mse_gradient(X_SMALL, Y_SMALL, W_SMALL, B_SMALL),
        reference.mse_gradient(X_SMALL, Y_SMALL, W_SMALL, B_SMALL),
        names=("dL/dw", "dL/db"),
    )


@graded("mse_gradient", points=1, title=localized(en="one sample", ko="샘플 하나"))
def test_mse_gradient_one_sample(student, reference):
    X, y, w = np.array([[1.0, -2.0, 0.5]]), np.array([2.0]), np.array([0.3, 0.1, -1.0])
    expect_close(
        student.mse_gradient(X, y, w, 0.25), reference.mse_gradient(X, y, w, 0.25), names=("dL/dw", "dL/db")
    )


@graded(
    "mse_gradient", points=1,
    title=localized(en="is zero at a perfect fit", ko="완벽하게 맞으면 기울기 0"),
)
def test_mse_gradient_is_zero_at_a_perfect_fit(student, reference):
    y = reference.predict(X_SMALL, W_SMALL, B_SMALL)
    expect_close(
        student.mse_gradient(X_SMALL, y, W_SMALL, B_SMALL),
        reference.mse_gradient(X_SMALL, y, W_SMALL, B_SMALL),
        names=("dL/dw", "dL/db"),
    )


@graded("mse_gradient", points=1, title=localized(en="random many features", ko="특성이 많은 무작위 입력"))
def test_mse_gradient_random_many_features(student, reference):
    X, y = _regression(320, 50, 30)
    w, b = np.random.default_rng(321).normal(size=30), -0.7
    expect_close(
        student.mse_gradient(X, y, w, b),
        reference.mse_gradient(X, y, w, b),
        reveal=False,
        names=("dL/dw", "dL/db"),
    )


@graded("mse_gradient", points=1, title=localized(en="does not modify inputs", ko="입력 배열을 바꾸지 않음"))
def test_mse_gradient_does_not_modify_inputs(student, reference):
    # What the arguments looked like after the call is reported by the worker, which student code could
    # tamper with, so the test also demands the right answer: unchanged inputs alone earn nothing.
    X, y = _regression(329, 10, 3)
    w = np.array([1.0, -1.0, 0.5])
    call = student.call("mse_gradient", X, y, w, 0.5, inputs_after=True)
    expect_close(call.value, reference.mse_gradient(X, y, w, 0.5), names=("dL/dw", "dL/db"))
    expect_unchanged(call, [X, y, w], ["X", "y", "w"])


# ------------------------------------------------------------------ fit_gradient_descent


@graded(
    "fit_gradient_descent", points=1,
    title=localized(en="small example parameters", ko="작은 예제: 학습된 w, b"),
)
def test_fit_gradient_descent_small_example_parameters(student, reference):
    w, b, _ = student.fit_gradient_descent(X_SMALL, Y_SMALL, 0.05, 20)
    expected_w, expected_b, _ = reference.fit_gradient_descent(X_SMALL, Y_SMALL, 0.05, 20)
    expect_close((w, b), (expected_w, expected_b), names=("w", "b"))


@graded("fit_gradient_descent", points=1, title=localized(en="small example losses", ko="작은 예제: losses"))
def test_fit_gradient_descent_small_example_losses(student, reference):
    losses = student.fit_gradient_descent(X_SMALL, Y_SMALL, 0.05, 20)[2]
    expect_close(losses, reference.fit_gradient_descent(X_SMALL, Y_SMALL, 0.05, 20)[2], name="losses")


@graded("fit_gradient_descent", points=1, title=localized(en="losses length", ko="losses의 길이"))
def test_fit_gradient_descent_losses_length(student, reference):
    result = student.fit_gradient_descent(X_SMALL, Y_SMALL, 0.05, 7)
    losses = result[2] if isinstance(result, (tuple, list)) and len(result) == 3 else None
    if not isinstance(losses, (list, np.ndarray)) or len(losses) != 8:
        raise Mismatch(Text("tests.losses_per_update", count=8, kind=describe_type(losses)))
    # A list of the right length earns the point only if it starts where the descent starts.
    expect_close(losses[0], reference.fit_gradient_descent(X_SMALL, Y_SMALL, 0.05, 7)[2][0], name="losses[0]")


@graded("fit_gradient_descent", points=1, title=localized(en="zero iterations", ko="반복 0번"))
def test_fit_gradient_descent_zero_iterations(student, reference):
    expect_close(
        student.fit_gradient_descent(X_SMALL, Y_SMALL, 0.05, 0),
        reference.fit_gradient_descent(X_SMALL, Y_SMALL, 0.05, 0),
        names=("w", "b", "losses"),
    )


@graded("fit_gradient_descent", points=1, title=localized(en="starts from w0 and b0", ko="w0, b0에서 시작"))
def test_fit_gradient_descent_starts_from_w0_and_b0(student, reference):
    X, y = _regression(330, 15, 3)
    w0 = np.array([1.0, -2.0, 0.5])
    expect_close(
        student.fit_gradient_descent(X, y, 0.1, 10, w0=w0, b0=2.0),
        reference.fit_gradient_descent(X, y, 0.1, 10, w0=w0, b0=2.0),
        names=("w", "b", "losses"),
    )


@graded("fit_gradient_descent", points=1, title=localized(en="one sample", ko="샘플 하나"))
def test_fit_gradient_descent_one_sample(student, reference):
    X, y = np.array([[1.0, 2.0]]), np.array([3.0])
    expect_close(
        student.fit_gradient_descent(X, y, 0.05, 15),
        reference.fit_gradient_descent(X, y, 0.05, 15),
        names=("w", "b", "losses"),
    )


@graded(
    "fit_gradient_descent", points=1,
    title=localized(en="large learning rate diverges", ko="학습률이 너무 크면 발산"),
)
def test_fit_gradient_descent_large_learning_rate_diverges(student, reference):
    X, y = _regression(331, 20, 2)
    expect_close(
        student.fit_gradient_descent(X, y, 1.5, 12),
        reference.fit_gradient_descent(X, y, 1.5, 12),
        reveal=False,
        names=("w", "b", "losses"),
    )


@pytest.mark.parametrize("seed", range(2))
@graded(
    "fit_gradient_descent", points=1,
    title=localized(en="random many features", ko="특성이 많은 무작위 입력"),
)
def test_fit_gradient_descent_random_many_features(student, reference, seed):
    X, y = _regression(340 + seed, 60, 30)
    expect_close(
        student.fit_gradient_descent(X, y, 0.05, 40),
        reference.fit_gradient_descent(X, y, 0.05, 40),
        reveal=False,
        names=("w", "b", "losses"),
    )


@graded(
    "fit_gradient_descent", points=1,
    title=localized(en="does not modify inputs", ko="입력 배열을 바꾸지 않음"),
)
def test_fit_gradient_descent_does_not_modify_inputs(student, reference):
    X, y = _regression(350, 12, 3)
    w0 = np.array([0.5, 0.5, -0.5])
    call = student.call("fit_gradient_descent", X, y, 0.1, 5, w0, 1.0, inputs_after=True)
    expect_close(
        call.value, reference.fit_gradient_descent(X, y, 0.1, 5, w0, 1.0), names=("w", "b", "losses")
    )
    expect_unchanged(call, [X, y, None, None, w0], ["X", "y", "learning_rate", "iterations", "w0"])
