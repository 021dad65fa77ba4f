"""Hidden tests for ps5_momentum (instructor-only). Expected values come from the reference.

The runs are short (at most 200 steps) and start where the paths stay bounded, so a correct solution
agrees with the reference to the default rtol even on the saddle, where the unstable direction grows.
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
from autograder.messages import localized

X = np.array([1.0, -2.0, 0.5])
V = np.array([0.3, 0.1, -0.4])
GRAD = np.array([0.5, -1.5, 2.0])
SADDLE = quadratic([[1.0, 0.0], [0.0, -1.0]], [0.0, 0.0])  # f = (x**2 - y**2) / 2, a saddle at 0

# ------------------------------------------------------------------ momentum_step


@graded("momentum_step", points=1, title=localized(en="from rest", ko="정지 상태에서 출발"))
def test_momentum_step_from_rest(student, reference):
    zeros = np.zeros(3)
    expect_close(
        student.momentum_step(X, zeros, GRAD, lr=0.1), reference.momentum_step(X, zeros, GRAD, lr=0.1),
        names=("x", "velocity"),
    )


@graded("momentum_step", points=1, title=localized(en="with velocity", ko="속도가 있을 때"))
def test_momentum_step_with_velocity(student, reference):
    expect_close(
        student.momentum_step(X, V, GRAD, lr=0.05, beta=0.8),
        reference.momentum_step(X, V, GRAD, lr=0.05, beta=0.8),
        names=("x", "velocity"),
    )


@graded("momentum_step", points=1, title=localized(en="defaults", ko="기본값"))
def test_momentum_step_defaults(student, reference):
    expect_close(student.momentum_step(X, V, GRAD), reference.momentum_step(X, V, GRAD), names=("x", "velocity"))


@pytest.mark.parametrize("seed", range(2))
@graded("momentum_step", points=1, title=localized(en="random", ko="무작위 입력"))
def test_momentum_step_random(student, reference, seed):
    rng = np.random.default_rng(700 + seed)
    x, v, g = rng.normal(size=(3, 5))
    expect_close(
        student.momentum_step(x, v, g, lr=0.03, beta=0.95),
        reference.momentum_step(x, v, g, lr=0.03, beta=0.95),
        reveal=False,
        names=("x", "velocity"),
    )


@graded(
    "momentum_step", points=1,
    title=localized(en="returns a pair and keeps inputs", ko="두 값을 반환하고 입력은 그대로"),
)
def test_momentum_step_returns_a_pair_and_keeps_inputs(student, reference):
    x, v, g = X.copy(), V.copy(), GRAD.copy()
    call = student.call("momentum_step", x, v, g, 0.1, 0.9, inputs_after=True)
    result = call.value
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Mismatch(
            localized(
                en=f"momentum_step should return the pair (x, velocity), but returned {describe_type(result)}",
                ko=f"momentum_step은 (x, velocity) 쌍을 돌려줘야 하는데 {describe_type(result)}을(를) 돌려줬어요",
            )
        )
    expect_close(result, reference.momentum_step(x, v, g, 0.1, 0.9), names=("x", "velocity"))
    expect_unchanged(call, [x, v, g], ["x", "velocity", "grad"])


# ------------------------------------------------------------------ minimize_momentum


@graded("minimize_momentum", points=1, title=localized(en="convex quadratic", ko="볼록 이차 함수"))
def test_minimize_momentum_convex_quadratic(student, reference):
    grad = quadratic([[2.0, 0.5], [0.5, 1.0]], [1.0, -1.0])
    expect_close(
        student.minimize_momentum(grad, [0.0, 0.0], lr=0.1, iterations=50),
        reference.minimize_momentum(grad, [0.0, 0.0], lr=0.1, iterations=50),
    )


@graded("minimize_momentum", points=1, title=localized(en="leaves the saddle", ko="안장점에서 벗어남"))
def test_minimize_momentum_leaves_the_saddle(student, reference):
    expect_close(
        student.minimize_momentum(SADDLE, [2.0, 0.01], lr=0.1, beta=0.9, iterations=40),
        reference.minimize_momentum(SADDLE, [2.0, 0.01], lr=0.1, beta=0.9, iterations=40),
    )


@graded(
    "minimize_momentum", points=1,
    title=localized(en="zero iterations is the start", ko="반복 0번이면 시작점 그대로"),
)
def test_minimize_momentum_zero_iterations_is_the_start(student, reference):
    expect_close(
        student.minimize_momentum(SADDLE, [3.0, -1.0], iterations=0),
        reference.minimize_momentum(SADDLE, [3.0, -1.0], iterations=0),
    )


@graded("minimize_momentum", points=1, title=localized(en="rosenbrock", ko="로젠브록 함수"))
def test_minimize_momentum_rosenbrock(student, reference):
    grad = rosenbrock(1.0, 100.0)
    expect_close(
        student.minimize_momentum(grad, [-1.0, 1.5], lr=0.0005, beta=0.9, iterations=200),
        reference.minimize_momentum(grad, [-1.0, 1.5], lr=0.0005, beta=0.9, iterations=200),
    )


@graded(
    "minimize_momentum", points=1,
    title=localized(en="beta zero is gradient descent", ko="beta가 0이면 경사 하강법과 같음"),
)
def test_minimize_momentum_beta_zero_is_gradient_descent(student, reference):
    grad = quadratic(np.diag([1.0, 3.0, 0.5]), [1.0, 2.0, -1.0])
    expect_close(
        student.minimize_momentum(grad, [0.0, 0.0, 0.0], lr=0.2, beta=0.0, iterations=30),
        reference.minimize_momentum(grad, [0.0, 0.0, 0.0], lr=0.2, beta=0.0, iterations=30),
    )


@graded("minimize_momentum", points=1, title=localized(en="random quartic", ko="무작위 사차 함수"))
def test_minimize_momentum_random_quartic(student, reference):
    rng = np.random.default_rng(720)
    grad = quartic(rng.uniform(1.0, 2.0, size=3))
    x0 = rng.normal(size=3)
    expect_close(
        student.minimize_momentum(grad, x0, lr=0.01, beta=0.8, iterations=60),
        reference.minimize_momentum(grad, x0, lr=0.01, beta=0.8, iterations=60),
        reveal=False,
    )


@graded(
    "minimize_momentum", points=1,
    title=localized(en="one gradient per step", ko="스텝마다 기울기를 한 번 계산"),
)
def test_minimize_momentum_one_gradient_per_step(student, reference):
    x0 = np.array([1.0, 0.5])
    call = student.call("minimize_momentum", SADDLE, x0, 0.05, 0.9, 12, inputs_after=True)
    expect_close(call.value, reference.minimize_momentum(SADDLE, x0, 0.05, 0.9, 12))
    expect_grad_calls(call, 12)
    expect_unchanged(call, [None, x0], ["grad_fn", "x0"])


# ------------------------------------------------------------------ rmsprop_step


@graded("rmsprop_step", points=1, title=localized(en="from zero", ko="0에서 출발"))
def test_rmsprop_step_from_zero(student, reference):
    zeros = np.zeros(3)
    expect_close(
        student.rmsprop_step(X, zeros, GRAD, lr=0.1), reference.rmsprop_step(X, zeros, GRAD, lr=0.1), names=("x", "s")
    )


@graded("rmsprop_step", points=1, title=localized(en="later step", ko="이후 스텝"))
def test_rmsprop_step_later_step(student, reference):
    s = np.array([0.04, 0.5, 1.2])
    expect_close(
        student.rmsprop_step(X, s, GRAD, lr=0.01, rho=0.99),
        reference.rmsprop_step(X, s, GRAD, lr=0.01, rho=0.99),
        names=("x", "s"),
    )


@graded("rmsprop_step", points=1, title=localized(en="small gradient large eps", ko="작은 기울기와 큰 eps"))
def test_rmsprop_step_small_gradient_large_eps(student, reference):
    g, s = np.array([1e-4, -2e-4, 5e-5]), np.array([1e-8, 3e-8, 2e-9])
    expect_close(
        student.rmsprop_step(X, s, g, lr=0.01, eps=1e-3),
        reference.rmsprop_step(X, s, g, lr=0.01, eps=1e-3),
        names=("x", "s"),
    )


@pytest.mark.parametrize("seed", range(2))
@graded("rmsprop_step", points=1, title=localized(en="random", ko="무작위 입력"))
def test_rmsprop_step_random(student, reference, seed):
    rng = np.random.default_rng(740 + seed)
    x, g = rng.normal(size=(2, 6))
    s = rng.uniform(0.01, 1.0, size=6)
    expect_close(
        student.rmsprop_step(x, s, g, lr=0.02, rho=0.8),
        reference.rmsprop_step(x, s, g, lr=0.02, rho=0.8),
        reveal=False,
        names=("x", "s"),
    )


@graded("rmsprop_step", points=1, title=localized(en="leaves its inputs", ko="입력 배열을 바꾸지 않음"))
def test_rmsprop_step_leaves_its_inputs(student, reference):
    x, s, g = X.copy(), np.array([0.1, 0.2, 0.3]), GRAD.copy()
    call = student.call("rmsprop_step", x, s, g, 0.1, 0.9, 1e-8, inputs_after=True)
    expect_close(call.value, reference.rmsprop_step(x, s, g, 0.1, 0.9, 1e-8), names=("x", "s"))
    expect_unchanged(call, [x, s, g], ["x", "s", "grad"])
