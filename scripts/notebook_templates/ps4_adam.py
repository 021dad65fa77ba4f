# ruff: noqa: F821, F811
# Template of the ps4_adam notebook, read by scripts/build_sources.py (percent format;
# the format, with its Korean twins `[markdown ko]`, `[tests ko] NAME`, `[ko]`, `[docstring ko] NAME`,
# is described at the top of that script). `# %% [solution] NAME` becomes the answer cell of NAME, filled
# from solutions/; `# %% [tests] NAME` becomes a read-only check cell. The graded functions are not
# defined here, hence the noqa above. Code that calls them or plots lives in functions, so the
# autograder skips it when reading a notebook.

# %% [docstring ko]
# Adam 업데이트 한 번(Kingma & Ba, 2015)과 그것으로 만든 최소화 함수.

# %% [markdown]
# # Problem set 4: Adam
#
# Plain gradient descent uses one learning rate for every parameter. When the loss is much steeper
# in some directions than in others (an **ill-conditioned** problem, like the narrow valley of
# problem set 1 and the loss of problem set 2), that single rate must be small enough for the
# steepest direction, and is then far too small for the flat ones.
#
# In this problem set you compare three answers to that problem on a simple quadratic:
#
# 1. plain gradient descent (given);
# 2. gradient descent with **momentum** (given);
# 3. **Adam** (Kingma & Ba, 2015), the default optimiser of deep learning, which you implement:
#    `adam_step` (one update) and `minimize_adam` (a whole run).
#
# **How to work.** Replace each `raise NotImplementedError(...)` with your code and run the
# read-only check cell after it. The plots call your functions. You may also write the functions
# in `adam.py` next to this notebook; submit either file. Do not modify the arrays you are given.

# %% [markdown ko]
# # 과제 4: Adam
#
# 기본 경사 하강법은 모든 파라미터에 학습률 하나를 써요. 손실이 어떤 방향으로는 다른 방향보다 훨씬
# 가파를 때(과제 1의 좁은 골짜기나 과제 2의 손실 같은 **나쁜 조건**(ill-conditioned)의 문제), 그 하나의
# 학습률은 가장 가파른 방향에 맞춰 충분히 작아야 하고, 그러면 평평한 방향에는 너무 작아요.
#
# 이번 과제에서는 간단한 2차 함수에서 이 문제에 대한 세 가지 답을 비교해요.
#
# 1. 기본 경사 하강법(주어짐),
# 2. **모멘텀**(momentum)을 쓰는 경사 하강법(주어짐),
# 3. 딥러닝의 기본 옵티마이저인 **Adam**(Kingma & Ba, 2015). 여러분이 구현해요:
#    `adam_step`(업데이트 한 번)과 `minimize_adam`(전체 실행).
#
# **진행 방법.** 각 `raise NotImplementedError(...)`를 여러분의 코드로 바꾸고, 바로 다음의 읽기 전용
# 확인 셀을 실행하세요. 그래프는 여러분의 함수를 호출해요. 같은 함수를 이 노트북 옆의 `adam.py`에
# 작성해도 돼요. 둘 중 하나를 제출하세요. 인자로 받은 배열은 바꾸지 마세요.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. An ill-conditioned quadratic
#
# $$f(x, y) = \tfrac12 \left(x^2 + \kappa\, y^2\right), \qquad \nabla f(x, y) = (x,\ \kappa y).$$
#
# The curvature is $1$ along $x$ and $\kappa$ along $y$; their ratio $\kappa$ is the **condition
# number**. We take $\kappa = 100$ and start at $(-4, 1)$. Gradient descent is stable only for
# $\eta < 2/\kappa = 0.02$ (problem set 1), and at that rate the $x$ coordinate shrinks by just
# $1 - \eta \approx 0.98$ per step.

# %% [markdown ko]
# ## 1. 나쁜 조건의 2차 함수
#
# $$f(x, y) = \tfrac12 \left(x^2 + \kappa\, y^2\right), \qquad \nabla f(x, y) = (x,\ \kappa y).$$
#
# 곡률은 $x$ 방향으로 $1$, $y$ 방향으로 $\kappa$이고, 그 비율 $\kappa$가 **조건수**(condition number)예요.
# $\kappa = 100$으로 두고 $(-4, 1)$에서 출발해요. 경사 하강법은 $\eta < 2/\kappa = 0.02$일 때만
# 안정적이고(과제 1), 그 학습률에서 $x$ 좌표는 스텝마다 겨우 $1 - \eta \approx 0.98$배로 줄어요.


# %%
def make_quadratic(curvature):
    """f(x, y) = (x**2 + curvature * y**2) / 2 and its gradient, as two functions of a point."""

    def f(point):
        return 0.5 * (point[0] ** 2 + curvature * point[1] ** 2)

    def grad(point):
        return np.array([point[0], curvature * point[1]])

    return f, grad


START = np.array([-4.0, 1.0])

# %% [ko]
def make_quadratic(curvature):
    """f(x, y) = (x**2 + curvature * y**2) / 2와 그 그레이디언트를, 점을 받는 두 함수로 만들어요."""

    def f(point):
        return 0.5 * (point[0] ** 2 + curvature * point[1] ** 2)

    def grad(point):
        return np.array([point[0], curvature * point[1]])

    return f, grad


START = np.array([-4.0, 1.0])

# %% [markdown]
# ## 2. Gradient descent and momentum
#
# **Momentum** (the "heavy ball" method) keeps a running sum of past gradients, a velocity $u$:
#
# $$u \leftarrow \beta u + \nabla f(x), \qquad x \leftarrow x - \eta\, u .$$
#
# Along the valley floor successive gradients agree, so the velocity builds up to about
# $1/(1 - \beta)$ times a single gradient: with $\beta = 0.8$, five times the speed. Across the
# valley they alternate in sign and cancel. With $\beta = 0$ it is plain gradient descent. The
# function below records the whole path.

# %% [markdown ko]
# ## 2. 경사 하강법과 모멘텀
#
# **모멘텀**("무거운 공" 방법)은 지난 기울기들을 누적한 속도 $u$를 유지해요.
#
# $$u \leftarrow \beta u + \nabla f(x), \qquad x \leftarrow x - \eta\, u .$$
#
# 골짜기 바닥을 따라서는 연속된 기울기들의 방향이 같아서, 속도가 기울기 하나의 약 $1/(1 - \beta)$배까지
# 쌓여요: $\beta = 0.8$이면 다섯 배 빨라요. 골짜기를 가로지르는 방향으로는 부호가 번갈아 바뀌어 서로
# 상쇄돼요. $\beta = 0$이면 기본 경사 하강법이에요. 아래 함수는 경로 전체를 기록해요.


# %%
def heavy_ball_path(grad_fn, x0, learning_rate, beta, iterations):
    """Points visited by gradient descent with momentum beta (beta = 0: plain gradient descent)."""
    position = np.array(x0, dtype=float)
    velocity = np.zeros_like(position)
    path = [position]
    for _ in range(iterations):
        velocity = beta * velocity + grad_fn(position)
        position = position - learning_rate * velocity
        path.append(position)
    return np.array(path)

# %% [ko]
def heavy_ball_path(grad_fn, x0, learning_rate, beta, iterations):
    """모멘텀 beta를 쓰는 경사 하강법이 지나간 점들(beta = 0이면 기본 경사 하강법)."""
    position = np.array(x0, dtype=float)
    velocity = np.zeros_like(position)
    path = [position]
    for _ in range(iterations):
        velocity = beta * velocity + grad_fn(position)
        position = position - learning_rate * velocity
        path.append(position)
    return np.array(path)


# %% [markdown]
# ## 3. Adam
#
# Adam keeps two running averages for every parameter: of the gradient $g$ (the first moment,
# like momentum) and of its square $g^2$ (the second moment, a measure of the gradient's typical
# size). With $t = 1, 2, \dots$ counting the updates, and $m = v = 0$ before the first one:
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2,$$
#
# $$\hat m = \frac{m}{1 - \beta_1^t}, \qquad \hat v = \frac{v}{1 - \beta_2^t}, \qquad
# \theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \varepsilon}.$$
#
# All operations are elementwise. Three ideas:
#
# * **Scale-free steps.** $\hat m / \sqrt{\hat v}$ is a gradient divided by its own typical size,
#   so it is about $\pm 1$ whether the gradient is $0.001$ or $1000$: every coordinate moves by
#   roughly $\eta$ per step, steep and flat directions alike.
# * **Bias correction.** Because $m$ and $v$ start at $0$, early averages are too small: after the
#   first step $m = (1 - \beta_1) g = 0.1 g$. Dividing by $1 - \beta_1^t$ undoes exactly that; with
#   a constant gradient, $\hat m = g$ and $\hat v = g^2$ at every step.
# * $\varepsilon = 10^{-8}$ only prevents a division by zero.
#
# The defaults $\eta = 0.001$, $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$ are
# those of the paper and of `torch.optim.Adam`.
#
# **Your task.** Implement `adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)`: one update,
# returning the new `(theta, m, v)` as arrays, without modifying the arrays passed in.
#
# Example: from $m = v = 0$ at $t = 1$ with gradient $g = (0.5, -3)$: $m = (0.05, -0.3)$,
# $v = (0.00025, 0.009)$, $\hat m = g$, $\hat v = g^2$, so $\theta$ moves by $-\eta \cdot
# \mathrm{sign}(g)$: $\theta = (1, -2)$ becomes $(0.9, -1.9)$ with $\eta = 0.1$.

# %% [markdown ko]
# ## 3. Adam
#
# Adam은 파라미터마다 이동 평균 두 개를 유지해요: 기울기 $g$의 평균(1차 모멘트, 모멘텀과 비슷해요)과
# 그 제곱 $g^2$의 평균(2차 모멘트, 기울기의 보통 크기를 재는 값)이에요. 업데이트를 $t = 1, 2, \dots$로
# 세고, 첫 업데이트 전에는 $m = v = 0$이에요.
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2,$$
#
# $$\hat m = \frac{m}{1 - \beta_1^t}, \qquad \hat v = \frac{v}{1 - \beta_2^t}, \qquad
# \theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \varepsilon}.$$
#
# 모든 연산은 원소별 연산이에요. 핵심 아이디어는 세 가지예요.
#
# * **크기와 무관한 스텝.** $\hat m / \sqrt{\hat v}$는 기울기를 그 자신의 보통 크기로 나눈 값이라서,
#   기울기가 $0.001$이든 $1000$이든 약 $\pm 1$이에요: 가파른 방향이든 평평한 방향이든 모든 좌표가
#   스텝마다 대략 $\eta$만큼 움직여요.
# * **편향 보정.** $m$과 $v$가 $0$에서 시작하므로 초기 평균은 너무 작아요: 첫 스텝 뒤
#   $m = (1 - \beta_1) g = 0.1 g$예요. $1 - \beta_1^t$로 나누면 정확히 이것이 바로잡혀요. 기울기가
#   일정하면 매 스텝 $\hat m = g$, $\hat v = g^2$이에요.
# * $\varepsilon = 10^{-8}$은 0으로 나누는 것을 막을 뿐이에요.
#
# 기본값 $\eta = 0.001$, $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\varepsilon = 10^{-8}$은 논문과
# `torch.optim.Adam`의 기본값이에요.
#
# **과제.** `adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)`를 구현하세요: 업데이트를 한 번
# 하고 새 `(theta, m, v)`를 배열로 반환하며, 인자로 받은 배열은 바꾸지 않아요.
#
# 예: $t = 1$에서 $m = v = 0$, 기울기 $g = (0.5, -3)$이면 $m = (0.05, -0.3)$,
# $v = (0.00025, 0.009)$, $\hat m = g$, $\hat v = g^2$이므로 $\theta$는 $-\eta \cdot
# \mathrm{sign}(g)$만큼 움직여요: $\eta = 0.1$이면 $\theta = (1, -2)$가 $(0.9, -1.9)$가 돼요.

# %% [solution] adam_step

# %% [docstring ko] adam_step
# 스텝 t(1부터 셈)에서 편향 보정을 한 Adam 업데이트 한 번. (theta, m, v)를 반환해요.

# %% [tests] adam_step
theta_0, grad_0, zeros = np.array([1.0, -2.0]), np.array([0.5, -3.0]), np.zeros(2)
assert np.allclose(adam_step(theta_0, grad_0, zeros, zeros, 1, lr=0.1)[0], [0.9, -1.9]), (
    "first step: -lr*sign"
)
assert np.allclose(adam_step(theta_0, grad_0, zeros, zeros, 1, lr=0.1)[1], [0.05, -0.3]), "m after one step"
assert np.allclose(adam_step(theta_0, grad_0, zeros, zeros, 1, lr=0.1)[2], [0.00025, 0.009]), (
    "v after one step"
)
# A second step with the same gradient: the bias-corrected moments are still g and g**2.
assert np.allclose(adam_step([0.9, -1.9], grad_0, [0.05, -0.3], [0.00025, 0.009], 2, lr=0.1)[0], [0.8, -1.8])
assert np.allclose(adam_step(theta_0, grad_0, zeros, zeros, 1)[0], [0.999, -1.999]), "default lr is 0.001"
assert np.allclose(adam_step(theta_0, zeros, zeros, zeros, 1, lr=0.1)[0], theta_0), "no gradient, no move"
assert np.array_equal(theta_0, [1.0, -2.0]) and np.array_equal(zeros, [0.0, 0.0]), "do not modify the inputs"
print("adam_step: all checks passed")

# %% [tests ko] adam_step
theta_0, grad_0, zeros = np.array([1.0, -2.0]), np.array([0.5, -3.0]), np.zeros(2)
assert np.allclose(adam_step(theta_0, grad_0, zeros, zeros, 1, lr=0.1)[0], [0.9, -1.9]), (
    "첫 스텝: -lr*sign(g)만큼 움직여야 해요"
)
assert np.allclose(adam_step(theta_0, grad_0, zeros, zeros, 1, lr=0.1)[1], [0.05, -0.3]), "한 스텝 뒤의 m"
assert np.allclose(adam_step(theta_0, grad_0, zeros, zeros, 1, lr=0.1)[2], [0.00025, 0.009]), (
    "한 스텝 뒤의 v"
)
# 같은 기울기로 두 번째 스텝: 편향 보정한 모멘트는 여전히 g와 g**2예요.
assert np.allclose(adam_step([0.9, -1.9], grad_0, [0.05, -0.3], [0.00025, 0.009], 2, lr=0.1)[0], [0.8, -1.8])
assert np.allclose(adam_step(theta_0, grad_0, zeros, zeros, 1)[0], [0.999, -1.999]), "lr의 기본값은 0.001이에요"
assert np.allclose(adam_step(theta_0, zeros, zeros, zeros, 1, lr=0.1)[0], theta_0), "기울기가 0이면 움직이지 않아요"
assert np.array_equal(theta_0, [1.0, -2.0]) and np.array_equal(zeros, [0.0, 0.0]), "입력 배열을 바꾸지 마세요"
print("adam_step: 모든 확인을 통과했어요")

# %% [markdown]
# ## 4. A whole run
#
# **Your task.** Implement `minimize_adam(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9,
# beta2=0.999, eps=1e-8)`: start from `x0` with $m = v = 0$, make `iterations` Adam steps with the
# gradient `grad_fn(theta)` at the current point and $t = 1, 2, \dots$, and return the final point
# as a float array. Use your `adam_step`.

# %% [markdown ko]
# ## 4. 전체 실행
#
# **과제.** `minimize_adam(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9, beta2=0.999, eps=1e-8)`을
# 구현하세요: `x0`에서 $m = v = 0$으로 출발해, 현재 점에서의 기울기 `grad_fn(theta)`와
# $t = 1, 2, \dots$로 Adam 스텝을 `iterations`번 하고, 마지막 점을 실수형 배열로 반환하세요. 여러분의
# `adam_step`을 쓰세요.

# %% [solution] minimize_adam

# %% [docstring ko] minimize_adam
# x0에서 모멘트 0으로 Adam 스텝을 `iterations`번 실행하고 마지막 점을 반환해요.

# %% [tests] minimize_adam
target = np.array([3.0, -1.0])
assert np.allclose(minimize_adam(lambda v: 2 * (v - target), [0.0, 0.0], lr=0.05, iterations=2000), target)
assert np.allclose(minimize_adam(lambda v: 2 * v, [1.0, -2.0], lr=0.1, iterations=1), [0.9, -1.9]), "one step"
assert np.allclose(minimize_adam(lambda v: 2 * v, [1.0, -2.0], iterations=1), [0.999, -1.999]), "default lr"
assert minimize_adam(lambda v: 2 * v, [1, 2], iterations=0).dtype == np.float64, "return a float array"
assert np.allclose(minimize_adam(lambda v: 2 * v, [1, 2], iterations=0), [1.0, 2.0]), (
    "0 iterations: the start"
)
assert np.array_equal(target, [3.0, -1.0]), "minimize_adam must not modify x0 in place"
print("minimize_adam: all checks passed")

# %% [tests ko] minimize_adam
target = np.array([3.0, -1.0])
assert np.allclose(minimize_adam(lambda v: 2 * (v - target), [0.0, 0.0], lr=0.05, iterations=2000), target)
assert np.allclose(minimize_adam(lambda v: 2 * v, [1.0, -2.0], lr=0.1, iterations=1), [0.9, -1.9]), "한 스텝"
assert np.allclose(minimize_adam(lambda v: 2 * v, [1.0, -2.0], iterations=1), [0.999, -1.999]), "lr 기본값"
assert minimize_adam(lambda v: 2 * v, [1, 2], iterations=0).dtype == np.float64, "실수형 배열을 반환하세요"
assert np.allclose(minimize_adam(lambda v: 2 * v, [1, 2], iterations=0), [1.0, 2.0]), (
    "반복 0번이면 시작점이에요"
)
assert np.array_equal(target, [3.0, -1.0]), "minimize_adam이 x0를 제자리에서 바꾸면 안 돼요"
print("minimize_adam: 모든 확인을 통과했어요")

# %% [markdown]
# ## 5. The three methods on the ill-conditioned quadratic
#
# Each method gets 150 steps from $(-4, 1)$ with a learning rate suited to it: gradient descent and
# momentum at $0.019$, just under their stability limit $2/\kappa$; Adam at $0.1$, a typical
# distance per step. The Adam path is computed by your `minimize_adam`, run for $0, 1, 2, \dots$
# iterations.

# %% [markdown ko]
# ## 5. 나쁜 조건의 2차 함수에서 세 방법 비교
#
# 각 방법은 $(-4, 1)$에서 자신에게 맞는 학습률로 150스텝을 가요: 경사 하강법과 모멘텀은 안정성 한계
# $2/\kappa$ 바로 아래인 $0.019$로, Adam은 스텝당 전형적인 이동 거리인 $0.1$로요. Adam의 경로는
# 여러분의 `minimize_adam`을 $0, 1, 2, \dots$번 반복으로 실행해 계산해요.


# %%
def adam_path(grad_fn, x0, lr, iterations):
    """Points visited by Adam: minimize_adam run for 0, 1, ..., iterations steps."""
    return np.array([minimize_adam(grad_fn, x0, lr=lr, iterations=k) for k in range(iterations + 1)])


def compare_methods(curvature=100.0, iterations=150, adam_lr=0.1):
    """Paths on the contour plot and f against iteration for gradient descent, momentum and Adam."""
    f, grad = make_quadratic(curvature)
    rate = 1.9 / curvature  # just under the stability limit 2 / curvature
    paths = {
        f"gradient descent, $\\eta = {rate:.3g}$": heavy_ball_path(grad, START, rate, 0.0, iterations),
        f"momentum $\\beta = 0.8$, $\\eta = {rate:.3g}$": heavy_ball_path(grad, START, rate, 0.8, iterations),
        f"Adam, $\\eta = {adam_lr}$": adam_path(grad, START, adam_lr, iterations),
    }
    grid_x, grid_y = np.meshgrid(np.linspace(-4.5, 1.5, 200), np.linspace(-1.3, 1.3, 200))
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
    left.contour(grid_x, grid_y, f((grid_x, grid_y)), levels=np.geomspace(0.01, 100, 15), cmap="Greys")
    for label, path in paths.items():
        left.plot(path[:, 0], path[:, 1], marker=".", markersize=3, linewidth=1, label=label)
        right.semilogy([f(point) for point in path], label=label)
    left.plot(0, 0, "k*", markersize=10)
    left.set_xlabel("$x$")
    left.set_ylabel("$y$")
    left.set_title(f"Paths on $f = (x^2 + {curvature:g}\\,y^2)/2$")
    right.set_xlabel("iteration")
    right.set_ylabel("$f$ (log scale)")
    right.legend(fontsize=8)
    plt.show()


compare_methods()

# %% [ko]
def adam_path(grad_fn, x0, lr, iterations):
    """Adam이 지나간 점들: minimize_adam을 0, 1, ..., iterations스텝으로 실행해요."""
    return np.array([minimize_adam(grad_fn, x0, lr=lr, iterations=k) for k in range(iterations + 1)])


def compare_methods(curvature=100.0, iterations=150, adam_lr=0.1):
    """경사 하강법, 모멘텀, Adam의 경로를 등고선 위에, f 값을 반복 횟수에 따라 그려요."""
    f, grad = make_quadratic(curvature)
    rate = 1.9 / curvature  # 안정성 한계 2 / curvature 바로 아래
    paths = {
        f"경사 하강법, η = {rate:.3g}": heavy_ball_path(grad, START, rate, 0.0, iterations),
        f"모멘텀 β = 0.8, η = {rate:.3g}": heavy_ball_path(grad, START, rate, 0.8, iterations),
        f"Adam, $\\eta = {adam_lr}$": adam_path(grad, START, adam_lr, iterations),
    }
    grid_x, grid_y = np.meshgrid(np.linspace(-4.5, 1.5, 200), np.linspace(-1.3, 1.3, 200))
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
    left.contour(grid_x, grid_y, f((grid_x, grid_y)), levels=np.geomspace(0.01, 100, 15), cmap="Greys")
    for label, path in paths.items():
        left.plot(path[:, 0], path[:, 1], marker=".", markersize=3, linewidth=1, label=label)
        right.semilogy([f(point) for point in path], label=label)
    left.plot(0, 0, "k*", markersize=10)
    left.set_xlabel("$x$")
    left.set_ylabel("$y$")
    left.set_title(f"f = (x² + {curvature:g} y²)/2 위의 경로")
    right.set_xlabel("반복 횟수")
    right.set_ylabel("f (로그 눈금)")
    right.legend(fontsize=8)
    plt.show()


compare_methods()

# %% [markdown]
# Gradient descent shoots down the steep side in a few steps and then crawls along the valley
# floor: after 150 steps it has still not arrived. Momentum builds up speed along the floor and
# wins by many orders of magnitude, **if** its two parameters are tuned to this curvature. Adam
# first heads diagonally, each coordinate moving about $\eta$ per step whatever its curvature, then
# swings in towards the minimum as its averages adapt.
#
# ### A hundred times steeper
#
# Now make the valley a hundred times steeper ($\kappa = 10\,000$). Gradient descent and momentum
# must shrink their learning rate a hundredfold to stay stable, and slow down accordingly. Adam,
# with the **same** learning rate as before, hardly notices: that insensitivity to the scale of
# each parameter's gradient is why it is the default choice for training neural networks, whose
# parameters see gradients of wildly different sizes.

# %% [markdown ko]
# 경사 하강법은 몇 스텝 만에 가파른 비탈을 내려간 뒤 골짜기 바닥을 따라 기어가요: 150스텝 뒤에도
# 아직 도착하지 못해요. 모멘텀은 바닥을 따라 속도를 쌓아 몇 자릿수나 앞서지만, 두 파라미터가 이
# 곡률에 맞게 조정되어 있을 **때만** 그래요. Adam은 처음에 대각선으로 나아가요. 곡률과 상관없이 각
# 좌표가 스텝마다 약 $\eta$씩 움직이기 때문이에요. 그러다 평균이 적응하면서 최솟값 쪽으로 휘어 들어가요.
#
# ### 백 배 더 가파르게
#
# 이제 골짜기를 백 배 더 가파르게 만들어요($\kappa = 10\,000$). 경사 하강법과 모멘텀은 안정성을 위해
# 학습률을 백 분의 일로 줄여야 하고, 그만큼 느려져요. Adam은 이전과 **같은** 학습률로도 거의 차이를
# 느끼지 못해요: 파라미터마다 기울기의 크기에 둔감하다는 점이, 파라미터마다 기울기 크기가 천차만별인
# 신경망을 학습할 때 Adam이 기본 선택인 이유예요.

# %%
compare_methods(curvature=10_000.0)

# %% [markdown]
# ## Summary
#
# * One learning rate for all parameters is limited by the steepest direction; ill-conditioned
#   problems then crawl along the flat ones.
# * Momentum accelerates along consistent directions, but needs tuning to the curvature.
# * Adam divides each coordinate's averaged gradient by its own running scale, making its steps
#   roughly independent of the gradient's size; bias correction fixes the zero start of the
#   averages.
# * No optimiser is best everywhere: on a well-conditioned problem, well-tuned gradient descent or
#   momentum can converge faster than Adam; on real networks Adam's robustness usually wins.

# %% [markdown ko]
# ## 정리
#
# * 모든 파라미터에 학습률 하나를 쓰면 가장 가파른 방향이 학습률을 제한해요. 그러면 나쁜 조건의
#   문제에서는 평평한 방향으로 기어가게 돼요.
# * 모멘텀은 일관된 방향으로 가속하지만, 곡률에 맞는 조정이 필요해요.
# * Adam은 좌표마다 평균 낸 기울기를 그 좌표 자신의 이동 척도로 나눠서, 스텝이 기울기의 크기와 거의
#   무관해져요. 편향 보정은 평균이 0에서 시작하는 문제를 바로잡아요.
# * 모든 곳에서 최고인 옵티마이저는 없어요: 조건이 좋은 문제에서는 잘 조정된 경사 하강법이나 모멘텀이
#   Adam보다 빨리 수렴할 수 있고, 실제 신경망에서는 대개 Adam의 강건함이 이겨요.
