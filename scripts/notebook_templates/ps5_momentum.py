# ruff: noqa: F821, F811
# Template of the ps5_momentum notebook, read by scripts/build_sources.py (percent format; the format,
# with its Korean twins `[markdown ko]`, `[tests ko] NAME`, `[ko]`, `[docstring ko] NAME`, is the one
# of issue 17, described at the top of that script). `# %% [solution] NAME` becomes the answer cell of
# NAME, filled from solutions/; `# %% [tests] NAME` becomes a read-only check cell. The graded functions
# are not defined here, hence the noqa above. Code that calls them or plots lives in functions, so the
# autograder skips it when reading a notebook. The contract: docs/contract-ps5.md.

# %% [docstring ko]
# 안장점과 지역 최솟값에서의 모멘텀(heavy ball)과 RMSProp: 스텝 한 번과 전체 실행.

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
# **How to work.** Replace each `raise NotImplementedError(...)` with your code and run the read-only
# check cell after it. You may also write the functions in `momentum.py` next to this notebook; submit
# either file. Do not modify the arrays you are given.

# %% [markdown ko]
# # 과제 5: 안장점과 지역 최솟값에서의 모멘텀과 RMSProp
#
# **경사 하강법**은 지금 서 있는 곳의 기울기를 따라가요. 최솟값이 아닌데 기울기가 0이 되는
# **안장점**(saddle point)에서는 거의 멈춘 듯 느려지고, **지역 최솟값**(local minimum)에서는 아예 멈춰요.
# 이번 과제에서는 두 가지 해결책을 구현하고 기본 경사 하강법과 비교해요.
#
# 1. **모멘텀**(heavy ball): `momentum_step`(업데이트 한 번)과 `minimize_momentum`(전체 실행),
# 2. 각 좌표의 스텝을 최근 기울기 크기로 나누는 **RMSProp**: `rmsprop_step`.
#
# **진행 방법.** 각 `raise NotImplementedError(...)`를 여러분의 코드로 바꾸고, 바로 다음의 읽기 전용
# 확인 셀을 실행하세요. 같은 함수를 이 노트북 옆의 `momentum.py`에 작성해도 돼요. 둘 중 하나를
# 제출하세요. 인자로 받은 배열은 바꾸지 마세요.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. Momentum
#
# With learning rate $\eta$ and momentum $\beta$, the heavy ball keeps a velocity $v$ (zero at the
# start) and, for the gradient $g = \nabla f(x)$ at the current point, updates
#
# $$v \leftarrow \beta v + g, \qquad x \leftarrow x - \eta\, v .$$
#
# Along a direction where successive gradients agree the velocity builds up to about $1/(1 - \beta)$
# gradients, so the ball keeps rolling where the slope is tiny. With $\beta = 0$ it is plain gradient
# descent.
#
# **Your task.** Implement `momentum_step(x, velocity, grad, lr=0.01, beta=0.9)`: one update,
# returning the new `(x, velocity)` as float arrays. Example: $x = (1, -2)$, $v = (0, 0)$,
# $g = (0.5, -1)$ and $\eta = 0.1$ give $v = (0.5, -1)$ and $x = (0.95, -1.9)$.

# %% [markdown ko]
# ## 1. 모멘텀
#
# 학습률 $\eta$와 모멘텀 $\beta$를 쓰는 heavy ball은 속도 $v$(처음에는 0)를 유지하고, 현재 점의 기울기
# $g = \nabla f(x)$로 다음과 같이 갱신해요.
#
# $$v \leftarrow \beta v + g, \qquad x \leftarrow x - \eta\, v .$$
#
# 연속된 기울기의 방향이 같은 쪽으로는 속도가 기울기 약 $1/(1 - \beta)$개만큼 쌓여서, 기울기가 아주 작은
# 곳에서도 공이 계속 굴러가요. $\beta = 0$이면 기본 경사 하강법이에요.
#
# **할 일.** `momentum_step(x, velocity, grad, lr=0.01, beta=0.9)`을 구현하세요: 업데이트 한 번을 하고 새
# `(x, velocity)`를 실수 배열로 반환해요. 예: $x = (1, -2)$, $v = (0, 0)$, $g = (0.5, -1)$, $\eta = 0.1$이면
# $v = (0.5, -1)$, $x = (0.95, -1.9)$예요.

# %% [solution] momentum_step

# %% [docstring ko] momentum_step
# heavy-ball 업데이트 한 번: velocity = beta * velocity + grad, 그다음 x - lr * velocity. (x, velocity)를 반환해요.

# %% [tests] momentum_step
x_new, v_new = momentum_step(np.array([1.0, -2.0]), np.zeros(2), np.array([0.5, -1.0]), lr=0.1)
assert np.allclose(v_new, [0.5, -1.0]) and np.allclose(x_new, [0.95, -1.9]), "first step from rest"
x_new, v_new = momentum_step(x_new, v_new, np.array([0.5, -1.0]), lr=0.1, beta=0.5)
assert np.allclose(v_new, [0.75, -1.5]) and np.allclose(x_new, [0.875, -1.75]), "second step, beta=0.5"
print("momentum_step: all checks passed")

# %% [tests ko] momentum_step
x_new, v_new = momentum_step(np.array([1.0, -2.0]), np.zeros(2), np.array([0.5, -1.0]), lr=0.1)
assert np.allclose(v_new, [0.5, -1.0]) and np.allclose(x_new, [0.95, -1.9]), "정지 상태에서의 첫 스텝"
x_new, v_new = momentum_step(x_new, v_new, np.array([0.5, -1.0]), lr=0.1, beta=0.5)
assert np.allclose(v_new, [0.75, -1.5]) and np.allclose(x_new, [0.875, -1.75]), "beta=0.5로 두 번째 스텝"
print("momentum_step: 모든 확인을 통과했어요")

# %% [markdown]
# **Your task.** Implement `minimize_momentum(grad_fn, x0, lr=0.01, beta=0.9, iterations=100)`: start
# at `x0` with zero velocity, make `iterations` steps with your `momentum_step` and the gradient
# `grad_fn(x)` at the current point, and return the **path**: a float array of shape
# `(iterations + 1, len(x0))` whose first row is `x0`.

# %% [markdown ko]
# **할 일.** `minimize_momentum(grad_fn, x0, lr=0.01, beta=0.9, iterations=100)`을 구현하세요: 속도 0으로
# `x0`에서 출발해 여러분의 `momentum_step`과 현재 점의 기울기 `grad_fn(x)`로 `iterations`번 이동하고,
# 첫 행이 `x0`인 `(iterations + 1, len(x0))` 모양의 실수 배열, 곧 **경로**를 반환해요.

# %% [solution] minimize_momentum

# %% [docstring ko] minimize_momentum
# 속도 0으로 x0에서 모멘텀 스텝을 iterations번 실행하고, x0부터 지나간 모든 점을 반환해요.

# %% [tests] minimize_momentum
path = minimize_momentum(lambda p: 2 * p, [1.0, -2.0], lr=0.1, beta=0.0, iterations=3)
assert path.shape == (4, 2) and np.allclose(path[0], [1.0, -2.0]), "the path starts at x0"
assert np.allclose(path[-1], [0.512, -1.024]), "beta = 0 is gradient descent"
assert np.allclose(minimize_momentum(lambda p: 2 * p, [1.0], iterations=0), [[1.0]]), "0 iterations"
print("minimize_momentum: all checks passed")

# %% [tests ko] minimize_momentum
path = minimize_momentum(lambda p: 2 * p, [1.0, -2.0], lr=0.1, beta=0.0, iterations=3)
assert path.shape == (4, 2) and np.allclose(path[0], [1.0, -2.0]), "경로는 x0에서 시작해요"
assert np.allclose(path[-1], [0.512, -1.024]), "beta = 0이면 경사 하강법이에요"
assert np.allclose(minimize_momentum(lambda p: 2 * p, [1.0], iterations=0), [[1.0]]), "반복 0번"
print("minimize_momentum: 모든 확인을 통과했어요")

# %% [markdown]
# ## 2. RMSProp
#
# RMSProp keeps a running average $s$ (zero at the start) of the squared gradient and divides each
# coordinate's step by its root, so that every coordinate moves by about $\eta$ whatever the size of
# its gradient:
#
# $$s \leftarrow \rho\, s + (1 - \rho)\, g^2, \qquad x \leftarrow x - \eta\, \frac{g}{\sqrt{s} + \varepsilon}.$$
#
# **Your task.** Implement `rmsprop_step(x, s, grad, lr=0.01, rho=0.9, eps=1e-8)`: one update,
# returning the new `(x, s)`. Note that $\varepsilon$ is added after the square root.

# %% [markdown ko]
# ## 2. RMSProp
#
# RMSProp은 기울기 제곱의 이동 평균 $s$(처음에는 0)를 유지하고, 각 좌표의 스텝을 그 제곱근으로 나눠요.
# 그래서 기울기 크기와 상관없이 모든 좌표가 약 $\eta$만큼 움직여요.
#
# $$s \leftarrow \rho\, s + (1 - \rho)\, g^2, \qquad x \leftarrow x - \eta\, \frac{g}{\sqrt{s} + \varepsilon}.$$
#
# **할 일.** `rmsprop_step(x, s, grad, lr=0.01, rho=0.9, eps=1e-8)`을 구현하세요: 업데이트 한 번을 하고 새
# `(x, s)`를 반환해요. $\varepsilon$은 제곱근 다음에 더해요.

# %% [solution] rmsprop_step

# %% [docstring ko] rmsprop_step
# RMSProp 업데이트 한 번: s = rho * s + (1 - rho) * grad**2, 그다음 x - lr * grad / (sqrt(s) + eps). (x, s)를 반환해요.

# %% [tests] rmsprop_step
x_new, s_new = rmsprop_step(np.array([1.0, -2.0]), np.zeros(2), np.array([0.5, -2.0]), lr=0.1)
assert np.allclose(s_new, [0.025, 0.4]), "s after one step"
assert np.allclose(x_new, [1.0 - 0.1 / np.sqrt(0.1), -2.0 + 0.1 / np.sqrt(0.1)]), "x after one step"
print("rmsprop_step: all checks passed")

# %% [tests ko] rmsprop_step
x_new, s_new = rmsprop_step(np.array([1.0, -2.0]), np.zeros(2), np.array([0.5, -2.0]), lr=0.1)
assert np.allclose(s_new, [0.025, 0.4]), "한 스텝 뒤의 s"
assert np.allclose(x_new, [1.0 - 0.1 / np.sqrt(0.1), -2.0 + 0.1 / np.sqrt(0.1)]), "한 스텝 뒤의 x"
print("rmsprop_step: 모든 확인을 통과했어요")

# %% [markdown]
# ## 3. A saddle point and a local minimum
#
# $f(x, y) = \tfrac12 (x^2 - y^2)$ has a saddle at the origin: downhill along $y$, uphill along $x$.
# From $(2, 0.01)$ gradient descent heads straight for the saddle and waits there while $y$ grows by
# only $1 + \eta$ per step; momentum leaves it much sooner. On $g(x) = x^4 - 3x^2 + x$, whose local
# minimum is near $x = 1.13$ and global one near $x = -1.30$, gradient descent from $x = 2$ stops in
# the local one, while enough momentum rolls over the bump.

# %% [markdown ko]
# ## 3. 안장점과 지역 최솟값
#
# $f(x, y) = \tfrac12 (x^2 - y^2)$는 원점에 안장점이 있어요: $y$ 방향으로는 내리막, $x$ 방향으로는
# 오르막이에요. $(2, 0.01)$에서 출발한 경사 하강법은 안장점으로 곧장 가서, $y$가 스텝마다 겨우
# $1 + \eta$배씩 커지는 동안 거기서 기다려요. 모멘텀은 훨씬 빨리 빠져나가요. 지역 최솟값이 $x = 1.13$
# 근처, 전역 최솟값이 $x = -1.30$ 근처인 $g(x) = x^4 - 3x^2 + x$에서, $x = 2$에서 출발한 경사 하강법은
# 지역 최솟값에 멈추고, 모멘텀이 충분하면 언덕을 넘어가요.


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

# %% [ko]
def saddle_grad(p):
    """f(x, y) = (x**2 - y**2) / 2의 기울기."""
    return np.array([p[0], -p[1]])


def well_grad(p):
    """g(x) = x**4 - 3 x**2 + x의 기울기."""
    return np.array([4 * p[0] ** 3 - 6 * p[0] + 1])


def show_paths():
    """안장점에서 경사 하강법과 모멘텀의 경로, 이중 우물에서 각 방법이 멈추는 곳."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
    gx, gy = np.meshgrid(np.linspace(-2.5, 2.5, 200), np.linspace(-1.0, 2.5, 200))
    left.contour(gx, gy, 0.5 * (gx**2 - gy**2), levels=15, cmap="Greys")
    for beta, label in ((0.0, "경사 하강법"), (0.9, "모멘텀, beta = 0.9")):
        path = minimize_momentum(saddle_grad, [2.0, 0.01], lr=0.1, beta=beta, iterations=20)
        left.plot(path[:, 0], path[:, 1], marker=".", label=label)
    left.set_xlim(-2.5, 2.5)
    left.set_ylim(-1.0, 2.5)
    left.legend(fontsize=8)
    xs = np.linspace(-2.0, 2.2, 300)
    right.plot(xs, xs**4 - 3 * xs**2 + xs, color="grey")
    for beta in (0.0, 0.9):
        end = minimize_momentum(well_grad, [2.0], lr=0.01, beta=beta, iterations=300)[-1, 0]
        right.plot(end, end**4 - 3 * end**2 + end, "o", label=f"beta = {beta}: x = {end:.2f}에서 멈춤")
    right.legend(fontsize=8)
    plt.show()


show_paths()

# %% [markdown]
# ## Summary
#
# * Gradient descent crawls near a saddle point, where the gradient is tiny, and stops in the first
#   local minimum it meets.
# * Momentum accumulates gradients into a velocity: it leaves saddles sooner and can roll over small
#   bumps, at the price of overshooting.
# * RMSProp scales each coordinate by its recent gradient size, so flat directions move as fast as
#   steep ones; Adam (problem set 4) combines it with momentum.

# %% [markdown ko]
# ## 정리
#
# * 경사 하강법은 기울기가 아주 작은 안장점 근처에서 기어가듯 느려지고, 처음 만나는 지역 최솟값에서 멈춰요.
# * 모멘텀은 기울기를 속도로 쌓아요: 안장점을 더 빨리 벗어나고 작은 언덕을 넘을 수 있지만, 지나쳐 갈 수도 있어요.
# * RMSProp은 각 좌표를 최근 기울기 크기로 나눠서 평평한 방향도 가파른 방향만큼 빨리 움직여요. Adam(과제 4)은
#   여기에 모멘텀을 더한 방법이에요.
