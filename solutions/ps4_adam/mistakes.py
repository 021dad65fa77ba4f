"""Known mistakes in ps4_adam (instructor-only): each a mutant of the reference solution.

The grader runs these on the trusted side to name a student's mistake (autograder/diagnose.py); their
texts are in autograder/messages.py under "mistake.<id>". `_step` is the reference's Adam update with a
switch for each mistake; minimize_adam calls the student's own adam_step, so each adam_step mistake has
a minimize_adam mutant too: the reference loop (`_minimize`) around the mistaken step.
"""

import numpy as np

from autograder.diagnose import MistakeCatalog

mistakes = MistakeCatalog()


def _step(
    theta,
    grad,
    m,
    v,
    t,
    lr=0.001,
    beta1=0.9,
    beta2=0.999,
    eps=1e-8,
    *,
    sign=-1.0,
    correct_m=True,
    correct_v=True,
    t_shift=0,
    eps_inside=False,
    swap_moments=False,
    swap_corrections=False,
    momentum="",
    in_place=(),
):
    """The reference update; each keyword switches on one mistake."""
    grad = np.asarray(grad, dtype=float)
    theta_in = np.asarray(theta, dtype=float)
    m_in, v_in = np.asarray(m, dtype=float), np.asarray(v, dtype=float)
    b1, b2 = (beta2, beta1) if swap_moments else (beta1, beta2)
    if momentum == "classical":
        m = beta1 * m_in + grad
        new_theta = theta_in + sign * lr * m
        v = v_in
    else:
        m = b1 * m_in + (1 - b1) * grad
        v = b2 * v_in + (1 - b2) * grad**2
        c1, c2 = (b1, b2) if swap_corrections else (beta1, beta2)
        step = t + t_shift
        m_hat = m / (1 - c1**step) if correct_m else m
        v_hat = v / (1 - c2**step) if correct_v else v
        if momentum == "ema":
            new_theta = theta_in + sign * lr * m_hat
        elif eps_inside:
            new_theta = theta_in + sign * lr * m_hat / np.sqrt(v_hat + eps)
        else:
            new_theta = theta_in + sign * lr * m_hat / (np.sqrt(v_hat) + eps)
        if momentum == "ema_keep_v":
            new_theta, v = theta_in + sign * lr * m_hat, v_in
    if "m" in in_place:
        m_in[...] = m
        m = m_in
    if "v" in in_place:
        v_in[...] = v
        v = v_in
    if "theta" in in_place:
        theta_in[...] = new_theta
        new_theta = theta_in
    return new_theta, m, v


def _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, first_t=1, extra_call=False, **mistake):
    """The reference loop around a mistaken `_step`; `first_t=0` counts steps from 0."""
    theta = np.asarray(x0, dtype=float) if mistake.get("in_place") else np.array(x0, dtype=float)
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    grad = grad_fn(theta) if extra_call else None
    for t in range(first_t, first_t + iterations):
        if not extra_call:
            grad = grad_fn(theta)
        theta, m, v = _step(theta, grad, m, v, t, lr, beta1, beta2, eps, **mistake)
        if extra_call:
            grad = grad_fn(theta)
    return theta


# ------------------------------------------------------------------ adam_step


@mistakes.mistake("adam_step", "sign_error")
def adam_step_sign_error(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, sign=1.0)


@mistakes.mistake("adam_step", "no_bias_correction")
def adam_step_no_bias_correction(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, correct_m=False, correct_v=False)


@mistakes.mistake("adam_step", "no_bias_correction")
def adam_step_no_bias_correction_of_m(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, correct_m=False)


@mistakes.mistake("adam_step", "no_bias_correction")
def adam_step_no_bias_correction_of_v(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, correct_v=False)


@mistakes.mistake("adam_step", "bias_correction_t_from_0")
def adam_step_t_plus_one(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, t_shift=1)


@mistakes.mistake("adam_step", "bias_correction_t_from_0")
def adam_step_t_minus_one(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, t_shift=-1)


@mistakes.mistake("adam_step", "eps_inside_sqrt")
def adam_step_eps_inside_sqrt(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, eps_inside=True)


@mistakes.mistake("adam_step", "betas_swapped")
def adam_step_betas_swapped(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, swap_moments=True)


@mistakes.mistake("adam_step", "betas_swapped")
def adam_step_betas_swapped_everywhere(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, swap_moments=True, swap_corrections=True)


@mistakes.mistake("adam_step", "momentum_instead_of_adam")
def adam_step_momentum(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, momentum="ema")


@mistakes.mistake("adam_step", "momentum_instead_of_adam")
def adam_step_momentum_keeps_v(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, momentum="ema_keep_v")


@mistakes.mistake("adam_step", "momentum_instead_of_adam")
def adam_step_classical_momentum(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, momentum="classical")


@mistakes.mistake("adam_step", "in_place")
def adam_step_theta_in_place(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, in_place=("theta",))


@mistakes.mistake("adam_step", "in_place")
def adam_step_moments_in_place(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, in_place=("m", "v"))


@mistakes.mistake("adam_step", "in_place")
def adam_step_all_in_place(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _step(theta, grad, m, v, t, lr, beta1, beta2, eps, in_place=("theta", "m", "v"))


# ------------------------------------------------------------------ minimize_adam


@mistakes.mistake("minimize_adam", "sign_error")
def minimize_adam_sign_error(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, sign=1.0)


@mistakes.mistake("minimize_adam", "no_bias_correction")
def minimize_adam_no_bias_correction(
    grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8
):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, correct_m=False, correct_v=False)


@mistakes.mistake("minimize_adam", "no_bias_correction")
def minimize_adam_no_bias_correction_of_m(
    grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8
):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, correct_m=False)


@mistakes.mistake("minimize_adam", "no_bias_correction")
def minimize_adam_no_bias_correction_of_v(
    grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8
):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, correct_v=False)


@mistakes.mistake("minimize_adam", "bias_correction_t_from_0")
def minimize_adam_t_from_0(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, first_t=0)


@mistakes.mistake("minimize_adam", "bias_correction_t_from_0")
def minimize_adam_step_t_plus_one(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, t_shift=1)


@mistakes.mistake("minimize_adam", "bias_correction_t_from_0")
def minimize_adam_step_t_minus_one(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, t_shift=-1)


@mistakes.mistake("minimize_adam", "eps_inside_sqrt")
def minimize_adam_eps_inside_sqrt(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, eps_inside=True)


@mistakes.mistake("minimize_adam", "betas_swapped")
def minimize_adam_betas_swapped(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, swap_moments=True)


@mistakes.mistake("minimize_adam", "betas_swapped")
def minimize_adam_betas_swapped_everywhere(
    grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8
):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, swap_moments=True, swap_corrections=True)


@mistakes.mistake("minimize_adam", "momentum_instead_of_adam")
def minimize_adam_momentum(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, momentum="ema")


@mistakes.mistake("minimize_adam", "momentum_instead_of_adam")
def minimize_adam_classical_momentum(
    grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8
):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, momentum="classical")


@mistakes.mistake("minimize_adam", "off_by_one")
def minimize_adam_one_step_too_few(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    return _minimize(grad_fn, x0, lr, max(iterations - 1, 0), beta1, beta2, eps)


@mistakes.mistake("minimize_adam", "off_by_one")
def minimize_adam_one_step_too_many(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    return _minimize(grad_fn, x0, lr, iterations + 1, beta1, beta2, eps)


@mistakes.mistake("minimize_adam", "extra_gradient_call")
def minimize_adam_extra_gradient_call(
    grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8
):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, extra_call=True)


@mistakes.mistake("minimize_adam", "in_place")
def minimize_adam_in_place(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    return _minimize(grad_fn, x0, lr, iterations, beta1, beta2, eps, in_place=("theta",))
