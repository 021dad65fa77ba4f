# ruff: noqa: F821
# Template of the ps5_momentum notebook, read by scripts/build_sources.py (percent format).
# `# %% [solution] NAME` becomes the answer cell of NAME, filled from solutions/; `# %% [tests] NAME`
# becomes a read-only check cell. The graded functions are not defined here, hence the noqa above.
# Code that calls them or plots lives in functions, so the autograder skips it when reading a notebook.
# Each markdown cell holds the English text, then the Korean (one cell, both languages).

# %% [markdown]
# # Problem set 5: momentum and RMSProp at saddle points and local minima
#
# Gradient descent follows the slope where it stands. Where the slope vanishes without a minimum,
# at a **saddle point**, it slows to a crawl; in a **local minimum** it stops for good. In this
# problem set you implement two remedies and watch them against plain gradient descent:
#
# 1. **momentum** (the heavy ball): `momentum_step` (one update) and `minimize_momentum` (a run);
# 2. **RMSProp**, which divides each coordinate's step by its recent gradient size: `rmsprop_step`.
#
# Replace each `raise NotImplementedError(...)` with your code and run the read-only check cell after
# it. You may also write the functions in `momentum.py` next to this notebook; submit either file.
# Do not modify the arrays you are given.
#
# ---
#
# # 과제 5: 안장점과 지역 최솟값에서의 모멘텀과 RMSProp
#
# 경사 하강법은 지금 서 있는 곳의 기울기를 따라가요. 최솟값이 아닌데 기울기가 0이 되는 **안장점**에서는
# 거의 멈춘 듯 느려지고, **지역 최솟값**에서는 아예 멈춰요. 이번 과제에서는 두 가지 해결책을 구현하고
# 일반 경사 하강법과 비교해요.
#
# 1. **모멘텀**(heavy ball): `momentum_step`(한 번의 갱신)과 `minimize_momentum`(전체 실행)
# 2. 각 좌표의 스텝을 최근 기울기 크기로 나누는 **RMSProp**: `rmsprop_step`
#
# 각 `raise NotImplementedError(...)`를 여러분의 코드로 바꾸고 바로 다음의 읽기 전용 확인 셀을 실행하세요.
# 같은 함수를 노트북 옆의 `momentum.py`에 작성해도 돼요. 둘 중 하나를 제출하세요. 받은 배열을 직접
# 수정하지 마세요.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. Momentum
#
# With learning rate $\eta$ and momentum $\beta$, the heavy ball keeps a velocity $v$ (zero at the
# start) and updates, for the gradient $g = \nabla f(x)$ at the current point:
#
# $$v \leftarrow \beta v + g, \qquad x \leftarrow x - \eta\, v .$$
#
# With $\beta = 0$ this is plain gradient descent. **Your task:** `momentum_step(x, velocity, grad,
# lr=0.01, beta=0.9)` returns the new `(x, velocity)` as float arrays. Example: $x = (1, -2)$,
# $v = (0, 0)$, $g = (0.5, -1)$, $\eta = 0.1$: $v = (0.5, -1)$ and $x = (0.95, -1.9)$.
#
# ## 1. 모멘텀
#
# 학습률 $\eta$와 모멘텀 $\beta$로, heavy ball은 속도 $v$(처음에는 0)를 가지고 현재 점의 기울기
# $g = \nabla f(x)$로 위 식처럼 갱신해요. $\beta = 0$이면 일반 경사 하강법이에요. **할 일:**
# `momentum_step(x, velocity, grad, lr=0.01, beta=0.9)`은 새 `(x, velocity)`를 실수 배열로 돌려줘요.

# %% [solution] momentum_step

# %% [tests] momentum_step
x_new, v_new = momentum_step(np.array([1.0, -2.0]), np.zeros(2), np.array([0.5, -1.0]), lr=0.1)
assert np.allclose(v_new, [0.5, -1.0]) and np.allclose(x_new, [0.95, -1.9]), "first step from rest"
x_new, v_new = momentum_step(x_new, v_new, np.array([0.5, -1.0]), lr=0.1, beta=0.5)
assert np.allclose(v_new, [0.75, -1.5]) and np.allclose(x_new, [0.875, -1.75]), "second step, beta=0.5"
print("momentum_step: all checks passed")

# %% [markdown]
# **Your task:** `minimize_momentum(grad_fn, x0, lr=0.01, beta=0.9, iterations=100)` starts at `x0`
# with zero velocity, makes `iterations` steps with your `momentum_step` and the gradient
# `grad_fn(x)` at the current point, and returns the **path**: a float array of shape
# `(iterations + 1, len(x0))` whose first row is `x0`.
#
# **할 일:** `minimize_momentum(grad_fn, x0, lr=0.01, beta=0.9, iterations=100)`은 속도 0으로 `x0`에서
# 출발해 여러분의 `momentum_step`으로 `iterations`번 이동하고, 첫 행이 `x0`인 `(iterations + 1, len(x0))`
# 모양의 **경로** 배열을 돌려줘요.

# %% [solution] minimize_momentum

# %% [tests] minimize_momentum
path = minimize_momentum(lambda p: 2 * p, [1.0, -2.0], lr=0.1, beta=0.0, iterations=3)
assert path.shape == (4, 2) and np.allclose(path[0], [1.0, -2.0]), "the path starts at x0"
assert np.allclose(path[-1], [0.512, -1.024]), "beta = 0 is gradient descent"
assert np.allclose(minimize_momentum(lambda p: 2 * p, [1.0], iterations=0), [[1.0]]), "0 iterations"
print("minimize_momentum: all checks passed")

# %% [markdown]
# ## 2. RMSProp
#
# RMSProp keeps a running average $s$ (zero at the start) of the squared gradient and scales each
# coordinate's step by its root:
#
# $$s \leftarrow \rho\, s + (1 - \rho)\, g^2, \qquad x \leftarrow x - \eta\, \frac{g}{\sqrt{s} + \varepsilon}.$$
#
# **Your task:** `rmsprop_step(x, s, grad, lr=0.01, rho=0.9, eps=1e-8)` returns the new `(x, s)`.
#
# ## 2. RMSProp
#
# RMSProp은 기울기 제곱의 이동 평균 $s$(처음에는 0)를 두고, 각 좌표의 스텝을 그 제곱근으로 나눠요.
# **할 일:** `rmsprop_step(x, s, grad, lr=0.01, rho=0.9, eps=1e-8)`은 새 `(x, s)`를 돌려줘요.

# %% [solution] rmsprop_step

# %% [tests] rmsprop_step
x_new, s_new = rmsprop_step(np.array([1.0, -2.0]), np.zeros(2), np.array([0.5, -2.0]), lr=0.1)
assert np.allclose(s_new, [0.025, 0.4]), "s after one step"
assert np.allclose(x_new, [1.0 - 0.1 / np.sqrt(0.1), -2.0 + 0.1 / np.sqrt(0.1)]), "x after one step"
print("rmsprop_step: all checks passed")

# %% [markdown]
# ## 3. A saddle point and a local minimum
#
# $f(x, y) = \tfrac12 (x^2 - y^2)$ has a saddle at the origin. From $(2, 0.01)$, gradient descent
# goes straight to the saddle and waits there while $y$ grows by only $1 + \eta$ per step; momentum
# leaves much sooner. On $g(x) = x^4 - 3x^2 + x$, with a local minimum near $x = 1.13$ and the global
# one near $x = -1.30$, gradient descent from $x = 2$ stops in the local one; enough momentum rolls
# over the bump.
#
# ## 3. 안장점과 지역 최솟값
#
# $f(x, y) = \tfrac12 (x^2 - y^2)$는 원점에 안장점이 있어요. $(2, 0.01)$에서 출발한 경사 하강법은
# 안장점으로 곧장 가서 $y$가 스텝마다 $1 + \eta$배씩만 커지는 동안 기다려요. 모멘텀은 훨씬 빨리 빠져나가요.
# $g(x) = x^4 - 3x^2 + x$에서 경사 하강법은 $x = 2$에서 출발해 지역 최솟값($x \approx 1.13$)에 멈추고,
# 모멘텀이 충분하면 언덕을 넘어 전역 최솟값($x \approx -1.30$)에 가요.


# %%
def saddle_grad(p):
    """Gradient of f(x, y) = (x**2 - y**2) / 2."""
    return np.array([p[0], -p[1]])


def well_grad(p):
    """Gradient of g(x) = x**4 - 3 x**2 + x."""
    return np.array([4 * p[0] ** 3 - 6 * p[0] + 1])


def show_paths():
    """The saddle: gradient descent against momentum; the double well: where each method ends."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
    gx, gy = np.meshgrid(np.linspace(-2.5, 2.5, 200), np.linspace(-1.0, 2.5, 200))
    left.contour(gx, gy, 0.5 * (gx**2 - gy**2), levels=15, cmap="Greys")
    for beta, label in ((0.0, "gradient descent"), (0.9, "momentum, beta = 0.9")):
        path = minimize_momentum(saddle_grad, [2.0, 0.01], lr=0.1, beta=beta, iterations=20)
        left.plot(path[:, 0], path[:, 1], marker=".", label=label)
    left.set_xlim(-2.5, 2.5)
    left.set_ylim(-1.0, 2.5)
    left.legend(fontsize=8)
    xs = np.linspace(-2.0, 2.2, 300)
    right.plot(xs, xs**4 - 3 * xs**2 + xs, color="grey")
    for beta in (0.0, 0.9):
        end = minimize_momentum(well_grad, [2.0], lr=0.01, beta=beta, iterations=300)[-1, 0]
        right.plot(end, end**4 - 3 * end**2 + end, "o", label=f"beta = {beta}: ends at x = {end:.2f}")
    right.legend(fontsize=8)
    plt.show()


show_paths()
