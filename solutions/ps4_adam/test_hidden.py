"""Hidden tests for ps4_adam (instructor-only). Expected values come from the reference.

Adam divides by sqrt(v_hat), so near a minimum it amplifies rounding differences in the moments; the
problems below keep their minimum away from 0 and few enough steps that a correct solution agrees with
the reference to the default rtol.
"""

import numpy as np
import pytest

from autograder.harness import (
    Mismatch,
    describe_type,
    expect_close,
    expect_grad_calls,
    expect_unchanged,
    graded,
    quadratic,
    quartic,
    rosenbrock,
)
from autograder.messages import Text, localized

NAMES = ("theta", "m", "v")
THETA = np.array([1.0, -2.0, 0.5])
GRAD = np.array([0.3, -1.2, 2.0])

# ------------------------------------------------------------------ adam_step


@graded("adam_step", points=1, title=localized(en="first step", ko="첫 번째 스텝"))
def test_adam_step_first_step(student, reference):
    zeros = np.zeros(3)
    expect_close(
        student.adam_step(THETA, GRAD, zeros, zeros, 1),
        reference.adam_step(THETA, GRAD, zeros, zeros, 1),
        names=NAMES,
    )


@graded("adam_step", points=1, title=localized(en="later step", ko="이후 스텝"))
def test_adam_step_later_step(student, reference):
    m, v = np.array([0.1, -0.2, 0.05]), np.array([0.01, 0.04, 0.02])
    expect_close(
        student.adam_step(THETA, GRAD, m, v, 3), reference.adam_step(THETA, GRAD, m, v, 3), names=NAMES
    )


@graded("adam_step", points=1, title=localized(en="late step", ko="한참 뒤의 스텝"))
def test_adam_step_late_step(student, reference):
    m, v = np.array([0.2, -0.1, 0.3]), np.array([0.05, 0.01, 0.2])
    expect_close(
        student.adam_step(THETA, GRAD, m, v, 400), reference.adam_step(THETA, GRAD, m, v, 400), names=NAMES
    )


@graded("adam_step", points=1, title=localized(en="other hyperparameters", ko="다른 하이퍼파라미터"))
def test_adam_step_other_hyperparameters(student, reference):
    m, v = np.array([0.1, 0.1, -0.1]), np.array([0.02, 0.03, 0.01])
    options = {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}
    expect_close(
        student.adam_step(THETA, GRAD, m, v, 2, **options),
        reference.adam_step(THETA, GRAD, m, v, 2, **options),
        names=NAMES,
    )


@graded("adam_step", points=1, title=localized(en="small gradient and large eps", ko="작은 기울기와 큰 eps"))
def test_adam_step_small_gradient_and_large_eps(student, reference):
    grad, m, v = np.array([2e-4, -5e-5, 1e-4]), np.array([1e-4, 0.0, 5e-5]), np.array([1e-8, 4e-9, 2e-8])
    expect_close(
        student.adam_step(THETA, grad, m, v, 2, lr=0.01, eps=1e-3),
        reference.adam_step(THETA, grad, m, v, 2, lr=0.01, eps=1e-3),
        names=NAMES,
    )


@graded("adam_step", points=1, title=localized(en="zero gradient", ko="기울기 0"))
def test_adam_step_zero_gradient(student, reference):
    zeros = np.zeros(3)
    expect_close(
        student.adam_step(THETA, zeros, zeros, zeros, 1),
        reference.adam_step(THETA, zeros, zeros, zeros, 1),
        names=NAMES,
    )


@pytest.mark.parametrize("seed", range(2))
@graded("adam_step", points=1, title=localized(en="random", ko="무작위 입력"))
def test_adam_step_random(student, reference, seed):
    rng = np.random.default_rng(500 + seed)
    theta, grad, m = rng.normal(size=(3, 6))
    v = rng.uniform(0.01, 1.0, size=6)
    t = int(rng.integers(2, 50))
    expect_close(
        student.adam_step(theta, grad, m, v, t, lr=0.01),
        reference.adam_step(theta, grad, m, v, t, lr=0.01),
        reveal=False,
        names=NAMES,
    )


@graded("adam_step", points=1, title=localized(en="returns three arrays", ko="배열 세 개를 반환"))
def test_adam_step_returns_three_arrays(student):
    zeros = np.zeros(3)
    result = student.adam_step(THETA, GRAD, zeros, zeros, 1)
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise Mismatch(Text("tests.not_a_triple", function="adam_step", names="(theta, m, v)",
                            kind=describe_type(result)))
    for name, item in zip(NAMES, result):
        if not isinstance(item, np.ndarray) or item.shape != (3,):
            raise Mismatch(Text("tests.not_shaped_like", name=name, like="theta", shape="(3,)",
                                kind=describe_type(item)))


@graded("adam_step", points=1, title=localized(en="does not modify inputs", ko="입력 배열을 바꾸지 않음"))
def test_adam_step_does_not_modify_inputs(student, reference):
    # The arguments after the call are reported by the worker, which student code could tamper with,
    # so the test also demands the right answer: unchanged inputs alone earn nothing.
    theta, grad = THETA.copy(), GRAD.copy()
    m, v = np.array([0.1, -0.2, 0.05]), np.array([0.01, 0.04, 0.02])
    call = student.call("adam_step", theta, grad, m, v, 2, inputs_after=True)
    expect_close(call.value, reference.adam_step(theta, grad, m, v, 2), names=NAMES)
    expect_unchanged(call, [theta, grad, m, v], ["theta", "grad", "m", "v"])


# ------------------------------------------------------------------ minimize_adam


@graded("minimize_adam", points=1, title=localized(en="quadratic default options", ko="이차 함수, 기본 옵션"))
def test_minimize_adam_quadratic_default_options(student, reference):
    grad = quadratic([[2.0, 0.5], [0.5, 1.0]], [1.0, -1.0])
    expect_close(student.minimize_adam(grad, [0.0, 0.0]), reference.minimize_adam(grad, [0.0, 0.0]))


@graded("minimize_adam", points=1, title=localized(en="zero iterations", ko="반복 0번"))
def test_minimize_adam_zero_iterations(student, reference):
    grad = quadratic(np.eye(2), [1.0, 2.0])
    expect_close(
        student.minimize_adam(grad, [3.0, -1.0], iterations=0),
        reference.minimize_adam(grad, [3.0, -1.0], iterations=0),
    )


@graded("minimize_adam", points=1, title=localized(en="rosenbrock", ko="로젠브록 함수"))
def test_minimize_adam_rosenbrock(student, reference):
    grad = rosenbrock(1.0, 100.0)
    expect_close(
        student.minimize_adam(grad, [-1.0, 1.5], lr=0.01, iterations=300),
        reference.minimize_adam(grad, [-1.0, 1.5], lr=0.01, iterations=300),
    )


@graded("minimize_adam", points=1, title=localized(en="other hyperparameters", ko="다른 하이퍼파라미터"))
def test_minimize_adam_other_hyperparameters(student, reference):
    grad = quadratic([[3.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.5]], [3.0, -2.0, 1.0])
    options = {"lr": 0.05, "iterations": 60, "beta1": 0.8, "beta2": 0.95, "eps": 1e-4}
    expect_close(
        student.minimize_adam(grad, [0.0, 0.0, 0.0], **options),
        reference.minimize_adam(grad, [0.0, 0.0, 0.0], **options),
    )


@graded(
    "minimize_adam", points=1,
    title=localized(en="one variable large learning rate", ko="변수 하나, 큰 학습률"),
)
def test_minimize_adam_one_variable_large_learning_rate(student, reference):
    grad = quadratic([[1.0]], [2.0])
    expect_close(
        student.minimize_adam(grad, [10.0], lr=1.5, iterations=40),
        reference.minimize_adam(grad, [10.0], lr=1.5, iterations=40),
    )


@pytest.mark.parametrize("seed", range(2))
@graded("minimize_adam", points=1, title=localized(en="random quartic", ko="무작위 사차 함수"))
def test_minimize_adam_random_quartic(student, reference, seed):
    rng = np.random.default_rng(510 + seed)
    grad = quartic(rng.uniform(1.0, 3.0, size=4))
    x0 = rng.normal(size=4)
    expect_close(
        student.minimize_adam(grad, x0, lr=0.05, iterations=150),
        reference.minimize_adam(grad, x0, lr=0.05, iterations=150),
        reveal=False,
    )


@graded(
    "minimize_adam", points=1,
    title=localized(en="calls gradient once per step", ko="스텝마다 grad_fn을 한 번씩 호출"),
)
def test_minimize_adam_calls_gradient_once_per_step(student, reference):
    # The call count is reported by the worker, so the test also demands the right point.
    grad = quadratic(np.diag([1.0, 2.0]), np.ones(2))
    call = student.call("minimize_adam", grad, np.zeros(2), 0.01, 25)
    expect_close(call.value, reference.minimize_adam(grad, np.zeros(2), 0.01, 25))
    expect_grad_calls(call, 25)


@graded("minimize_adam", points=1, title=localized(en="does not modify x0", ko="x0을 바꾸지 않음"))
def test_minimize_adam_does_not_modify_x0(student, reference):
    grad = quadratic(np.eye(2), np.zeros(2))
    x0 = np.array([1.0, -2.0])
    call = student.call("minimize_adam", grad, x0, 0.1, 5, inputs_after=True)
    expect_close(call.value, reference.minimize_adam(grad, x0, 0.1, 5))
    expect_unchanged(call, [None, x0], ["grad_fn", "x0"])
