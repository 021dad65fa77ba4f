"""The reference solutions against independent oracles: worked examples, finite differences, lstsq, hand arithmetic.

Hidden tests take every expected value from the reference solutions, so the references themselves are
checked here against something other than themselves.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"


def _load(assignment: str, module: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"reference_{assignment}", SOLUTIONS / assignment / module)
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


gd = _load("ps1_gradient_descent", "gradient_descent.py")
lr = _load("ps2_linear_regression", "linear_regression.py")
sgd = _load("ps3_sgd", "sgd.py")
adam = _load("ps4_adam", "adam.py")


def _regression(seed: int, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n))
    return X, X @ rng.normal(size=n) + 1.5 + 0.1 * rng.normal(size=m)


def _least_squares(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """The exact minimiser of the MSE, from numpy.linalg.lstsq with an intercept column."""
    coef = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)[0]
    return coef[:-1], float(coef[-1])


# ------------------------------------------------------------------ ps1_gradient_descent


@pytest.mark.parametrize(
    "iterations, learning_rate, expected",
    [(0, 0.01, 3), (10, 0.01, 2.451218), (10, 0.2, 0.01814)],
)
def test_get_minimizer_x_contract_examples(iterations, learning_rate, expected):
    assert gd.get_minimizer_x(iterations, learning_rate, 3) == expected


def test_get_minimizer_x_matches_the_closed_form():
    # Each step multiplies x by (1 - 2 * eta), so x_k = init * (1 - 2 * eta) ** k.
    assert gd.get_minimizer_x(37, 0.03, -2.5) == round(-2.5 * 0.94**37, 6)


def test_gradient_descent_converges_to_the_solution_of_a_linear_system():
    A = np.array([[3.0, 0.5, 0.0], [0.5, 2.0, 0.3], [0.0, 0.3, 1.0]])
    b = np.array([1.0, -2.0, 0.5])
    x = gd.gradient_descent(lambda x: A @ x - b, np.zeros(3), 0.2, 500)
    np.testing.assert_allclose(x, np.linalg.solve(A, b), rtol=1e-10)


def test_gradient_descent_zero_iterations_returns_a_copy_of_x0():
    x0 = np.array([1.0, 2.0])
    x = gd.gradient_descent(lambda x: x, x0, 0.1, 0)
    np.testing.assert_array_equal(x, x0)
    assert x is not x0


# ------------------------------------------------------------------ ps2_linear_regression


def test_predict_and_mse_loss_by_hand():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    w, b = np.array([0.5, -1.0]), 2.0
    # y_hat = [0.5 - 2 + 2, 1.5 - 4 + 2] = [0.5, -0.5]
    np.testing.assert_allclose(lr.predict(X, w, b), [0.5, -0.5])
    # residuals [0.5 - 1, -0.5 - 1] = [-0.5, -1.5]; mean of squares (0.25 + 2.25) / 2 = 1.25
    assert lr.mse_loss(X, np.array([1.0, 1.0]), w, b) == pytest.approx(1.25)


def test_mse_gradient_matches_central_finite_differences():
    X, y = _regression(1, 15, 4)
    w, b = np.array([0.3, -0.2, 1.0, 0.5]), -0.4
    grad_w, grad_b = lr.mse_gradient(X, y, w, b)
    h = 1e-6
    numeric_w = [
        (lr.mse_loss(X, y, w + h * e, b) - lr.mse_loss(X, y, w - h * e, b)) / (2 * h) for e in np.eye(4)
    ]
    numeric_b = (lr.mse_loss(X, y, w, b + h) - lr.mse_loss(X, y, w, b - h)) / (2 * h)
    np.testing.assert_allclose(grad_w, numeric_w, rtol=1e-6, atol=1e-8)
    assert grad_b == pytest.approx(numeric_b, rel=1e-6, abs=1e-8)


def test_fit_gradient_descent_converges_to_least_squares():
    X, y = _regression(2, 40, 3)
    w, b, losses = lr.fit_gradient_descent(X, y, 0.1, 2000)
    w_star, b_star = _least_squares(X, y)
    np.testing.assert_allclose(w, w_star, rtol=1e-8, atol=1e-10)
    assert b == pytest.approx(b_star, rel=1e-8)
    assert len(losses) == 2001 and losses[-1] == pytest.approx(lr.mse_loss(X, y, w_star, b_star), rel=1e-10)


def test_fit_gradient_descent_losses_follow_the_updates():
    X, y = _regression(3, 10, 2)
    w0 = np.array([1.0, -1.0])
    w, b, losses = lr.fit_gradient_descent(X, y, 0.05, 3, w0=w0, b0=0.5)
    assert losses[0] == lr.mse_loss(X, y, w0, 0.5)
    assert losses[-1] == lr.mse_loss(X, y, w, b)
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))
    np.testing.assert_array_equal(w0, [1.0, -1.0])


# ------------------------------------------------------------------ ps3_sgd


@pytest.mark.parametrize(
    "t, t0, t1, expected", [(0, 5.0, 50.0, 0.1), (50, 5.0, 50.0, 0.05), (6, 2.0, 10.0, 0.125)]
)
def test_learning_schedule_values(t, t0, t1, expected):
    assert sgd.learning_schedule(t, t0, t1) == pytest.approx(expected, rel=1e-15)


def test_learning_schedule_defaults():
    assert sgd.learning_schedule(0) == pytest.approx(5.0 / 50.0)
    assert sgd.learning_schedule(950) == pytest.approx(5.0 / 1000.0)


def test_fit_sgd_is_deterministic_for_a_seed():
    X, y = _regression(4, 30, 3)
    first = sgd.fit_sgd(X, y, 5, batch_size=4, seed=7)
    second = sgd.fit_sgd(X, y, 5, batch_size=4, seed=7)
    other = sgd.fit_sgd(X, y, 5, batch_size=4, seed=8)
    np.testing.assert_array_equal(first[0], second[0])
    assert first[1] == second[1] and first[2] == second[2]
    assert not np.array_equal(first[0], other[0])


def test_fit_sgd_first_epoch_traced_by_hand():
    # 3 samples, 1 feature, batch_size 2: one epoch is two updates, on a batch of 2 and then of 1.
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 3.0, 5.0])
    order = np.random.default_rng(0).permutation(3)
    assert order.tolist() == [2, 0, 1]  # what the contract's rng gives for seed 0
    w, b = 0.0, 0.0
    # update t = 0 on samples 2 and 0, eta = 5 / (0 + 50) = 0.1
    r2, r0 = (3.0 * w + b) - 5.0, (1.0 * w + b) - 2.0  # residuals -5 and -2
    grad_w = (2 / 2) * (3.0 * r2 + 1.0 * r0)  # -17
    grad_b = (2 / 2) * (r2 + r0)  # -7
    w, b = w - 0.1 * grad_w, b - 0.1 * grad_b  # w = 1.7, b = 0.7
    assert (w, b) == pytest.approx((1.7, 0.7))
    # update t = 1 on sample 1 alone, eta = 5 / (1 + 50) = 5 / 51
    r1 = (2.0 * w + b) - 3.0  # 1.1
    w, b = w - (5 / 51) * (2 / 1) * 2.0 * r1, b - (5 / 51) * (2 / 1) * r1
    loss = ((1.0 * w + b - 2.0) ** 2 + (2.0 * w + b - 3.0) ** 2 + (3.0 * w + b - 5.0) ** 2) / 3

    got_w, got_b, losses = sgd.fit_sgd(X, y, 1, batch_size=2, seed=0)
    assert got_w[0] == pytest.approx(w, rel=1e-12) and got_b == pytest.approx(b, rel=1e-12)
    assert losses == pytest.approx([(4.0 + 9.0 + 25.0) / 3, loss], rel=1e-12)


def test_fit_sgd_converges_to_least_squares():
    # With a slowly decaying schedule and enough epochs, SGD's iterates settle at the least-squares fit.
    X, y = _regression(5, 50, 2)
    w, b, losses = sgd.fit_sgd(X, y, 400, batch_size=5, t0=1.0, t1=10.0)
    w_star, b_star = _least_squares(X, y)
    np.testing.assert_allclose(w, w_star, atol=2e-3)
    assert b == pytest.approx(b_star, abs=2e-3)
    assert len(losses) == 401 and losses[-1] == pytest.approx(lr.mse_loss(X, y, w_star, b_star), rel=1e-4)


def test_fit_sgd_with_one_batch_per_epoch_is_gradient_descent_with_the_schedule():
    X, y = _regression(6, 20, 2)
    w, b = np.zeros(2), 0.0
    for t in range(4):
        grad_w, grad_b = lr.mse_gradient(X, y, w, b)
        w, b = w - 5 / (t + 50) * grad_w, b - 5 / (t + 50) * grad_b
    got_w, got_b, _ = sgd.fit_sgd(X, y, 4, batch_size=100)
    np.testing.assert_allclose(got_w, w, rtol=1e-12)
    assert got_b == pytest.approx(b, rel=1e-12)


# ------------------------------------------------------------------ ps4_adam


def test_adam_step_two_steps_by_hand():
    # Kingma & Ba (2015), Algorithm 1, with lr = 0.1 and the default betas and eps, in one variable.
    theta, m, v = adam.adam_step(np.array([1.0]), np.array([2.0]), np.zeros(1), np.zeros(1), 1, lr=0.1)
    # t = 1: m = 0.9 * 0 + 0.1 * 2 = 0.2;  v = 0.999 * 0 + 0.001 * 4 = 0.004
    #        m_hat = 0.2 / (1 - 0.9) = 2;  v_hat = 0.004 / (1 - 0.999) = 4
    #        theta = 1 - 0.1 * 2 / (sqrt(4) + 1e-8) = 1 - 0.2 / 2.00000001
    assert m[0] == pytest.approx(0.2, rel=1e-12) and v[0] == pytest.approx(0.004, rel=1e-12)
    assert theta[0] == pytest.approx(1 - 0.2 / 2.00000001, rel=1e-12)  # 0.9000000005
    theta, m, v = adam.adam_step(theta, np.array([-1.0]), m, v, 2, lr=0.1)
    # t = 2: m = 0.9 * 0.2 + 0.1 * (-1) = 0.08;  v = 0.999 * 0.004 + 0.001 * 1 = 0.004996
    #        m_hat = 0.08 / (1 - 0.81) = 0.08 / 0.19;  v_hat = 0.004996 / (1 - 0.998001) = 0.004996 / 0.001999
    #        theta = 0.9000000005 - 0.1 * m_hat / (sqrt(v_hat) + 1e-8)
    assert m[0] == pytest.approx(0.08, rel=1e-12) and v[0] == pytest.approx(0.004996, rel=1e-12)
    m_hat, v_hat = 0.08 / 0.19, 0.004996 / 0.001999
    assert theta[0] == pytest.approx(0.9000000005 - 0.1 * m_hat / (v_hat**0.5 + 1e-8), rel=1e-12)


def test_adam_first_step_moves_each_coordinate_by_about_lr():
    # With zero moments the bias-corrected first step is lr * g / (|g| + eps): lr times the sign of g.
    grad = np.array([3.0, -0.5, 1e-3])
    theta, _, _ = adam.adam_step(np.zeros(3), grad, np.zeros(3), np.zeros(3), 1, lr=0.01)
    np.testing.assert_allclose(theta, -0.01 * np.sign(grad), rtol=1e-5)


def test_adam_step_does_not_modify_its_arguments():
    theta, grad, m, v = np.ones(2), np.array([0.5, -0.5]), np.array([0.1, 0.2]), np.array([0.3, 0.4])
    copies = [a.copy() for a in (theta, grad, m, v)]
    adam.adam_step(theta, grad, m, v, 3)
    for before, after in zip(copies, (theta, grad, m, v)):
        np.testing.assert_array_equal(before, after)


def test_adam_step_matches_torch_optim_adam():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(9)
    start = rng.normal(size=4)
    param = torch.tensor(start.copy(), dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.Adam([param], lr=0.05, betas=(0.8, 0.99), eps=1e-6)
    theta, m, v = start.copy(), np.zeros(4), np.zeros(4)
    for t in range(1, 21):
        grad = 2 * (theta - 1.0) + rng.normal(size=4)  # the same noisy gradient for both
        optimizer.zero_grad()
        param.grad = torch.tensor(grad, dtype=torch.float64)
        optimizer.step()
        theta, m, v = adam.adam_step(theta, grad, m, v, t, lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6)
    np.testing.assert_allclose(theta, param.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_minimize_adam_reaches_the_minimum_of_a_quadratic():
    A = np.array([[2.0, 0.3], [0.3, 1.0]])
    b = np.array([1.0, -3.0])
    x = adam.minimize_adam(lambda x: A @ x - b, [5.0, 5.0], lr=0.05, iterations=3000)
    np.testing.assert_allclose(x, np.linalg.solve(A, b), atol=1e-8)


def test_minimize_adam_zero_iterations_returns_x0():
    np.testing.assert_array_equal(adam.minimize_adam(lambda x: x, [1.0, 2.0], iterations=0), [1.0, 2.0])
