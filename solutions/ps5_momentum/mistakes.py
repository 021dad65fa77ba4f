"""Known mistakes in ps5_momentum (instructor-only): each a mutant of the reference solution.

The grader runs these on the trusted side to name a student's mistake (autograder/diagnose.py). Their
texts are here, in English and Korean (`texts=`), not in the engine. minimize_momentum calls the
student's own momentum_step, so each momentum_step mistake has a minimize_momentum mutant too.
"""

import numpy as np

from autograder.diagnose import MistakeCatalog

mistakes = MistakeCatalog()

EMA = {
    "name": {"en": "velocity averaged instead of summed", "ko": "속도를 더하지 않고 평균 냄"},
    "explanation": {
        "en": "{function} updates the velocity as beta * velocity + (1 - beta) * grad (an average, as in "
        "Adam's m); the heavy-ball velocity of this problem set is beta * velocity + grad.",
        "ko": "{function}이(가) 속도를 beta * velocity + (1 - beta) * grad (Adam의 m 같은 평균)로 "
        "갱신해요. 이 과제의 heavy-ball 속도는 beta * velocity + grad예요.",
    },
    "hint": {
        "en": "velocity = beta * velocity + grad, without the factor (1 - beta).",
        "ko": "(1 - beta) 없이 velocity = beta * velocity + grad로 쓰세요.",
    },
}
OLD_VELOCITY = {
    "name": {"en": "step taken with the old velocity", "ko": "이전 속도로 이동"},
    "explanation": {
        "en": "{function} moves x with the velocity from before this step's gradient was added, so each "
        "step lags one gradient behind.",
        "ko": "{function}이(가) 이번 기울기를 더하기 전의 속도로 x를 움직여서, 매 스텝이 기울기 하나만큼 늦어요.",
    },
    "hint": {
        "en": "First velocity = beta * velocity + grad, then x = x - lr * velocity with the new velocity.",
        "ko": "먼저 velocity = beta * velocity + grad를 계산하고, 그 새 속도로 x = x - lr * velocity를 하세요.",
    },
}
WRONG_SIGN = {
    "name": {"en": "momentum step goes uphill", "ko": "모멘텀 스텝이 오르막으로 감"},
    "explanation": {
        "en": "{function} adds lr * velocity to x; the velocity sums gradients, which point uphill, so the "
        "step must subtract it.",
        "ko": "{function}이(가) x에 lr * velocity를 더해요. 속도는 오르막을 가리키는 기울기의 합이라서 빼야 해요.",
    },
    "hint": {"en": "x = x - lr * velocity.", "ko": "x = x - lr * velocity로 쓰세요."},
}
PATH_WITHOUT_START = {
    "name": {"en": "path without its starting point", "ko": "출발점이 빠진 경로"},
    "explanation": {
        "en": "{function} returns the points after each step but not x0, so the path has `iterations` "
        "rows instead of iterations + 1.",
        "ko": "{function}이(가) 각 스텝 뒤의 점만 돌려주고 x0은 빠뜨려서, 경로의 행이 iterations + 1개가 "
        "아니라 iterations개예요.",
    },
    "hint": {
        "en": "Start the list with x0 (as floats), then append the point after each step.",
        "ko": "리스트를 x0(실수 배열)으로 시작하고, 스텝마다 새 점을 덧붙이세요.",
    },
}
NO_SQRT = {
    "name": {"en": "divided by s instead of its square root", "ko": "s의 제곱근이 아니라 s로 나눔"},
    "explanation": {
        "en": "{function} divides the gradient by s + eps; RMSProp divides by the root mean square, "
        "sqrt(s) + eps, so that the step is about lr whatever the gradient's size.",
        "ko": "{function}이(가) 기울기를 s + eps로 나눠요. RMSProp은 제곱평균제곱근 sqrt(s) + eps로 "
        "나눠서, 기울기 크기와 상관없이 스텝이 lr 정도가 되게 해요.",
    },
    "hint": {
        "en": "x = x - lr * grad / (np.sqrt(s) + eps).",
        "ko": "x = x - lr * grad / (np.sqrt(s) + eps)로 쓰세요.",
    },
}
EPS_INSIDE = {
    "name": {"en": "eps inside the square root", "ko": "제곱근 안의 eps"},
    "explanation": {
        "en": "{function} divides by sqrt(s + eps); the contract fixes sqrt(s) + eps, which differs "
        "when s is small.",
        "ko": "{function}이(가) sqrt(s + eps)로 나눠요. 약속된 식은 sqrt(s) + eps이고, s가 작을 때 "
        "결과가 달라요.",
    },
    "hint": {"en": "Add eps after the square root: np.sqrt(s) + eps.", "ko": "eps는 제곱근 밖에서 더하세요: np.sqrt(s) + eps."},
}
RHO_SWAPPED = {
    "name": {"en": "rho and 1 - rho swapped", "ko": "rho와 1 - rho가 뒤바뀜"},
    "explanation": {
        "en": "{function} computes s = (1 - rho) * s + rho * grad**2, which forgets the history almost at "
        "once; rho (0.9) belongs to the old average.",
        "ko": "{function}이(가) s = (1 - rho) * s + rho * grad**2로 계산해서 지난 값을 거의 바로 잊어요. "
        "rho(0.9)는 이전 평균에 곱해야 해요.",
    },
    "hint": {
        "en": "s = rho * s + (1 - rho) * grad**2.",
        "ko": "s = rho * s + (1 - rho) * grad**2로 쓰세요.",
    },
}


def _momentum(x, velocity, grad, lr=0.01, beta=0.9, *, ema=False, old=False, sign=-1.0):
    """The reference heavy-ball update; each keyword switches on one mistake."""
    grad = np.asarray(grad, dtype=float)
    previous = np.asarray(velocity, dtype=float)
    velocity = beta * previous + ((1 - beta) * grad if ema else grad)
    x = np.asarray(x, dtype=float) + sign * lr * (previous if old else velocity)
    return x, velocity


def _run(grad_fn, x0, lr, beta, iterations, keep_start=True, **mistake):
    x = np.array(x0, dtype=float)
    velocity = np.zeros_like(x)
    path = [x] if keep_start else []
    for _ in range(iterations):
        x, velocity = _momentum(x, velocity, grad_fn(x), lr, beta, **mistake)
        path.append(x)
    return np.array(path)


@mistakes.mistake("momentum_step", "momentum_ema", texts=EMA)
def momentum_step_ema(x, velocity, grad, lr=0.01, beta=0.9):
    return _momentum(x, velocity, grad, lr, beta, ema=True)


@mistakes.mistake("minimize_momentum", "momentum_ema", texts=EMA)
def minimize_momentum_ema(grad_fn, x0, lr=0.01, beta=0.9, iterations=100):
    return _run(grad_fn, x0, lr, beta, iterations, ema=True)


@mistakes.mistake("momentum_step", "momentum_old_velocity", texts=OLD_VELOCITY)
def momentum_step_old_velocity(x, velocity, grad, lr=0.01, beta=0.9):
    return _momentum(x, velocity, grad, lr, beta, old=True)


@mistakes.mistake("minimize_momentum", "momentum_old_velocity", texts=OLD_VELOCITY)
def minimize_momentum_old_velocity(grad_fn, x0, lr=0.01, beta=0.9, iterations=100):
    return _run(grad_fn, x0, lr, beta, iterations, old=True)


@mistakes.mistake("momentum_step", "momentum_wrong_sign", texts=WRONG_SIGN)
def momentum_step_wrong_sign(x, velocity, grad, lr=0.01, beta=0.9):
    return _momentum(x, velocity, grad, lr, beta, sign=1.0)


@mistakes.mistake("minimize_momentum", "momentum_wrong_sign", texts=WRONG_SIGN)
def minimize_momentum_wrong_sign(grad_fn, x0, lr=0.01, beta=0.9, iterations=100):
    return _run(grad_fn, x0, lr, beta, iterations, sign=1.0)


@mistakes.mistake("minimize_momentum", "path_without_start", texts=PATH_WITHOUT_START)
def minimize_momentum_path_without_start(grad_fn, x0, lr=0.01, beta=0.9, iterations=100):
    return _run(grad_fn, x0, lr, beta, iterations, keep_start=False)


def _rmsprop(x, s, grad, lr=0.01, rho=0.9, eps=1e-8, *, sqrt=True, eps_inside=False, swap=False):
    """The reference RMSProp update; each keyword switches on one mistake."""
    grad = np.asarray(grad, dtype=float)
    a, b = (1 - rho, rho) if swap else (rho, 1 - rho)
    s = a * np.asarray(s, dtype=float) + b * grad**2
    if not sqrt:
        scale = s + eps
    elif eps_inside:
        scale = np.sqrt(s + eps)
    else:
        scale = np.sqrt(s) + eps
    return np.asarray(x, dtype=float) - lr * grad / scale, s


@mistakes.mistake("rmsprop_step", "rmsprop_no_sqrt", texts=NO_SQRT)
def rmsprop_step_no_sqrt(x, s, grad, lr=0.01, rho=0.9, eps=1e-8):
    return _rmsprop(x, s, grad, lr, rho, eps, sqrt=False)


@mistakes.mistake("rmsprop_step", "rmsprop_eps_inside", texts=EPS_INSIDE)
def rmsprop_step_eps_inside(x, s, grad, lr=0.01, rho=0.9, eps=1e-8):
    return _rmsprop(x, s, grad, lr, rho, eps, eps_inside=True)


@mistakes.mistake("rmsprop_step", "rmsprop_rho_swapped", texts=RHO_SWAPPED)
def rmsprop_step_rho_swapped(x, s, grad, lr=0.01, rho=0.9, eps=1e-8):
    return _rmsprop(x, s, grad, lr, rho, eps, swap=True)
