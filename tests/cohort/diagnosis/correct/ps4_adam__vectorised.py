"""ps4 vectorised with np.power, updating its own copies in place: correct, never a hint."""

import numpy as np


def adam_step(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    grad = np.asarray(grad, dtype=float)
    m_new = beta1 * np.asarray(m, dtype=float) + (1.0 - beta1) * grad
    v_new = beta2 * np.asarray(v, dtype=float) + (1.0 - beta2) * np.square(grad)
    m_hat = m_new / (1.0 - np.power(beta1, t))
    v_hat = v_new / (1.0 - np.power(beta2, t))
    theta_new = np.array(theta, dtype=float)  # a copy
    theta_new -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return theta_new, m_new, v_new


def minimize_adam(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    x = np.asarray(x0, dtype=float).copy()
    state = (np.zeros_like(x), np.zeros_like(x))
    for step in range(1, iterations + 1):
        x, *state = adam_step(x, grad_fn(x), *state, step, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
    return x
