"""Hidden tests for ps1_gradient_descent (instructor-only). Expected values come from the reference."""

import numpy as np
import pytest

from autograder.harness import expect_close, expect_grad_calls, expect_unchanged, graded, quadratic, quartic
from autograder.messages import localized

# ------------------------------------------------------------------ get_minimizer_x


@pytest.mark.parametrize("iterations, learning_rate, init", [(0, 0.01, 3), (10, 0.01, 3), (10, 0.2, 3)])
@graded("get_minimizer_x", points=1, title=localized(en="contract examples", ko="과제 설명의 예시"))
def test_get_minimizer_x_contract_examples(student, reference, iterations, learning_rate, init):
    got = student.get_minimizer_x(iterations, learning_rate, init)
    expect_close(got, reference.get_minimizer_x(iterations, learning_rate, init), decimals=6)


@graded("get_minimizer_x", points=1, title=localized(en="one step", ko="한 번 반복"))
def test_get_minimizer_x_one_step(student, reference):
    expect_close(student.get_minimizer_x(1, 0.1, -4.0), reference.get_minimizer_x(1, 0.1, -4.0), decimals=6)


@graded(
    "get_minimizer_x", points=1,
    title=localized(en="large learning rate diverges", ko="학습률이 너무 크면 발산"),
)
def test_get_minimizer_x_large_learning_rate_diverges(student, reference):
    got = student.get_minimizer_x(8, 1.1, 0.5)
    expect_close(got, reference.get_minimizer_x(8, 1.1, 0.5), decimals=6, reveal=False)


@pytest.mark.parametrize("seed", range(3))
@graded("get_minimizer_x", points=1, title=localized(en="random", ko="무작위 입력"))
def test_get_minimizer_x_random(student, reference, seed):
    rng = np.random.default_rng(100 + seed)
    iterations, rate, init = (
        int(rng.integers(1, 60)),
        float(rng.uniform(0.001, 0.4)),
        float(rng.uniform(-9, 9)),
    )
    got = student.get_minimizer_x(iterations, rate, init)
    expect_close(got, reference.get_minimizer_x(iterations, rate, init), decimals=6, reveal=False)


# ------------------------------------------------------------------ gradient_descent


@graded("gradient_descent", points=1, title=localized(en="zero iterations", ko="반복 0번"))
def test_gradient_descent_zero_iterations(student, reference):
    grad = quadratic(np.eye(2), [1.0, -1.0])
    expect_close(
        student.gradient_descent(grad, [3.0, 4.0], 0.1, 0),
        reference.gradient_descent(grad, [3.0, 4.0], 0.1, 0),
    )


@graded("gradient_descent", points=1, title=localized(en="quadratic", ko="이차 함수"))
def test_gradient_descent_quadratic(student, reference):
    grad = quadratic([[3.0, 0.5], [0.5, 1.0]], [1.0, 2.0])
    expect_close(
        student.gradient_descent(grad, [0.0, 0.0], 0.1, 25),
        reference.gradient_descent(grad, [0.0, 0.0], 0.1, 25),
    )


@graded("gradient_descent", points=1, title=localized(en="one dimension", ko="1차원"))
def test_gradient_descent_one_dimension(student, reference):
    grad = quadratic([[2.0]], [0.0])
    expect_close(
        student.gradient_descent(grad, [3.0], 0.01, 10), reference.gradient_descent(grad, [3.0], 0.01, 10)
    )


@graded(
    "gradient_descent", points=1,
    title=localized(en="calls gradient once per step", ko="반복마다 grad_fn을 한 번씩 호출"),
)
def test_gradient_descent_calls_gradient_once_per_step(student, reference):
    # The call count comes from the worker, which student code could tamper with, so the test also
    # demands the right point: a forged count alone earns nothing.
    grad = quadratic(np.diag([1.0, 2.0, 3.0]), np.ones(3))
    call = student.call("gradient_descent", grad, np.ones(3), 0.1, 7)
    expect_close(call.value, reference.gradient_descent(grad, np.ones(3), 0.1, 7))
    expect_grad_calls(call, 7)


@pytest.mark.parametrize("seed", range(2))
@graded("gradient_descent", points=1, title=localized(en="random quartic", ko="무작위 사차 함수"))
def test_gradient_descent_random_quartic(student, reference, seed):
    rng = np.random.default_rng(200 + seed)
    grad = quartic(rng.normal(size=4))
    x0 = rng.normal(size=4)
    expect_close(
        student.gradient_descent(grad, x0, 0.01, 30),
        reference.gradient_descent(grad, x0, 0.01, 30),
        reveal=False,
    )


@graded("gradient_descent", points=1, title=localized(en="does not modify x0", ko="x0을 바꾸지 않음"))
def test_gradient_descent_does_not_modify_x0(student, reference):
    grad = quadratic(np.eye(2), np.zeros(2))
    x0 = np.array([1.0, -2.0])
    call = student.call("gradient_descent", grad, x0, 0.1, 3, inputs_after=True)
    expect_close(call.value, reference.gradient_descent(grad, x0, 0.1, 3))
    expect_unchanged(call, [None, x0], ["grad_fn", "x0"])
