"""ps4 coordinate by coordinate with math.sqrt: correct, so it must never get a hint."""

import math

import numpy as np


def adam_step(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    n = len(theta)
    new_theta, new_m, new_v = np.zeros(n), np.zeros(n), np.zeros(n)
    for i in range(n):
        new_m[i] = beta1 * m[i] + (1 - beta1) * grad[i]
        new_v[i] = beta2 * v[i] + (1 - beta2) * grad[i] ** 2
        m_hat = new_m[i] / (1 - beta1**t)
        v_hat = new_v[i] / (1 - beta2**t)
        new_theta[i] = theta[i] - lr * m_hat / (math.sqrt(v_hat) + eps)
    return new_theta, new_m, new_v


def minimize_adam(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8):
    theta = np.array(x0, dtype=float)
    m = np.zeros(len(theta))
    v = np.zeros(len(theta))
    t = 0
    while t < iterations:
        t += 1
        theta, m, v = adam_step(
            theta, np.asarray(grad_fn(theta), dtype=float), m, v, t, lr, beta1, beta2, eps
        )
    return theta
