# ruff: noqa: F821, F811
# Template of the ps1_gradient_descent notebook, read by scripts/build_sources.py (percent format;
# the format, with its Korean twins `[markdown ko]`, `[tests ko] NAME`, `[ko]`, `[docstring ko] NAME`,
# is described at the top of that script). `# %% [solution] NAME` becomes the answer cell of NAME, filled
# from solutions/; `# %% [tests] NAME` becomes a read-only check cell. The graded functions are not
# defined here, hence the noqa above. Code that calls them or plots lives in functions, so the
# autograder skips it when reading a notebook.

# %% [docstring ko]
# f(x) = x**2에서의 경사 하강법과 그 다변수 버전.

# %% [markdown]
# # Problem set 1: gradient descent
#
# Almost every model in machine learning is trained by some form of **gradient descent**: start
# somewhere, look at the slope, take a small step downhill, repeat. In this problem set you
#
# 1. implement gradient descent on the simplest function there is, $f(x) = x^2$;
# 2. see what the **learning rate** does, when it is too small and when it is too large;
# 3. meet **local minima** and **saddle points**, where gradient descent can end up or get stuck;
# 4. write the **multivariate** version that the next problem sets build on.
#
# **How to work.** Each function you write has a cell with its signature, its docstring and
# `raise NotImplementedError(...)`: replace that line with your code. The read-only cell after it
# checks the worked examples; run it until it prints that all checks passed. The plots call your
# functions, so they work once your functions do. You may also write the same functions in
# `gradient_descent.py` next to this notebook; submit either file.

# %% [markdown ko]
# # 과제 1: 경사 하강법
#
# 머신러닝의 거의 모든 모델은 어떤 형태로든 **경사 하강법**(gradient descent)으로 학습해요. 어딘가에서
# 출발해 기울기를 보고, 내리막 쪽으로 조금 움직이고, 이것을 반복하는 방법이에요. 이번 과제에서는
#
# 1. 가장 단순한 함수 $f(x) = x^2$에서 경사 하강법을 구현하고,
# 2. **학습률**(learning rate)이 너무 작을 때와 너무 클 때 어떤 일이 생기는지 보고,
# 3. 경사 하강법이 빠지거나 멈출 수 있는 **지역 최솟값**(local minimum)과 **안장점**(saddle point)을 만나고,
# 4. 다음 과제들의 바탕이 되는 **다변수** 버전을 작성해요.
#
# **진행 방법.** 여러분이 작성할 함수마다 시그니처와 docstring, 그리고 `raise NotImplementedError(...)`가
# 들어 있는 셀이 있어요. 그 줄을 지우고 코드를 작성하세요. 바로 다음의 읽기 전용 셀이 풀이 예제를
# 확인해 줘요. 모든 확인을 통과했다는 메시지가 나올 때까지 실행해 보세요. 그래프는 여러분의 함수를
# 호출하므로 함수가 완성되면 그려져요. 같은 함수를 이 노트북 옆의 `gradient_descent.py`에 작성해도
# 돼요. 둘 중 하나를 제출하세요.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. Gradient descent on $f(x) = x^2$
#
# The minimum of $f(x) = x^2$ is obviously at $x = 0$, which makes it a good place to watch the
# algorithm at work. The derivative is $f'(x) = 2x$; gradient descent with learning rate $\eta$
# starts at $x_0$ and repeats
#
# $$x_{k+1} = x_k - \eta\, f'(x_k) = x_k - 2\eta\, x_k .$$
#
# **Worked example.** From $x_0 = 3$ with $\eta = 0.01$, every step multiplies $x$ by
# $1 - 2\eta = 0.98$:
#
# | $k$ | 0 | 1 | 2 | 3 | ... | 10 |
# |---|---|---|---|---|---|---|
# | $x_k$ | 3 | 2.94 | 2.8812 | 2.823576 | ... | 2.451218 |
#
# so after 10 steps $x_{10} = 3 \cdot 0.98^{10} \approx 2.451218$: still far from 0. With
# $\eta = 0.2$ the factor is $0.6$ and $x_{10} = 3 \cdot 0.6^{10} \approx 0.01814$.
#
# **Your task.** Implement `get_minimizer_x(iterations, learning_rate, init)`: run `iterations`
# steps of the update above from `init` and return the final $x$ rounded to 6 decimals with
# `round(x, 6)`. Use the loop, not the closed form: the point is the algorithm.

# %% [markdown ko]
# ## 1. $f(x) = x^2$에서의 경사 하강법
#
# $f(x) = x^2$의 최솟값은 당연히 $x = 0$이어서, 알고리즘이 움직이는 모습을 지켜보기에 좋아요.
# 도함수는 $f'(x) = 2x$이고, 학습률 $\eta$인 경사 하강법은 $x_0$에서 출발해 다음을 반복해요.
#
# $$x_{k+1} = x_k - \eta\, f'(x_k) = x_k - 2\eta\, x_k .$$
#
# **풀이 예제.** $x_0 = 3$, $\eta = 0.01$이면 한 스텝마다 $x$에 $1 - 2\eta = 0.98$이 곱해져요.
#
# | $k$ | 0 | 1 | 2 | 3 | ... | 10 |
# |---|---|---|---|---|---|---|
# | $x_k$ | 3 | 2.94 | 2.8812 | 2.823576 | ... | 2.451218 |
#
# 따라서 10스텝 뒤에는 $x_{10} = 3 \cdot 0.98^{10} \approx 2.451218$로, 아직 0에서 멀어요.
# $\eta = 0.2$이면 곱해지는 수가 $0.6$이고 $x_{10} = 3 \cdot 0.6^{10} \approx 0.01814$예요.
#
# **과제.** `get_minimizer_x(iterations, learning_rate, init)`를 구현하세요. `init`에서 출발해 위의
# 업데이트를 `iterations`번 반복하고, 마지막 $x$를 `round(x, 6)`으로 소수점 아래 6자리까지 반올림해
# 반환하세요. 닫힌 형태의 식 말고 반복문을 쓰세요: 알고리즘을 익히는 것이 목적이에요.

# %% [solution] get_minimizer_x

# %% [docstring ko] get_minimizer_x
# f(x) = x**2에서 `init`부터 경사 하강법을 `iterations`스텝 실행하고, x를 소수점 아래 6자리로 반올림해 반환해요.

# %% [tests] get_minimizer_x
assert get_minimizer_x(0, 0.01, 3) == 3, "zero iterations must return the starting point"
assert np.isclose(get_minimizer_x(10, 0.01, 3), 2.451218, rtol=0, atol=1e-6)
assert np.isclose(get_minimizer_x(10, 0.2, 3), 0.01814, rtol=0, atol=1e-6)
assert np.isclose(get_minimizer_x(1, 0.25, -4), -2.0), "one step with eta = 0.25 halves x"
assert get_minimizer_x(3, 0.1, 1) == round(0.8**3, 6), "the result must be rounded to 6 decimals"
print("get_minimizer_x: all checks passed")

# %% [tests ko] get_minimizer_x
assert get_minimizer_x(0, 0.01, 3) == 3, "반복 횟수가 0이면 시작점을 그대로 반환해야 해요"
assert np.isclose(get_minimizer_x(10, 0.01, 3), 2.451218, rtol=0, atol=1e-6)
assert np.isclose(get_minimizer_x(10, 0.2, 3), 0.01814, rtol=0, atol=1e-6)
assert np.isclose(get_minimizer_x(1, 0.25, -4), -2.0), "eta = 0.25로 한 스텝 가면 x가 절반이 돼요"
assert get_minimizer_x(3, 0.1, 1) == round(0.8**3, 6), "결과를 소수점 아래 6자리로 반올림해야 해요"
print("get_minimizer_x: 모든 확인을 통과했어요")

# %% [markdown]
# ### Watching the iterates
#
# Because every step multiplies $x$ by the same factor, $x_k = (1 - 2\eta)^k x_0$ decays
# geometrically. The plot shows $x_k$ for a few learning rates, computed with your function
# (`get_minimizer_x(k, eta, 3)` for each $k$).

# %% [markdown ko]
# ### 반복값 살펴보기
#
# 매 스텝 $x$에 같은 수가 곱해지므로 $x_k = (1 - 2\eta)^k x_0$는 기하급수적으로 줄어들어요. 아래
# 그래프는 여러 학습률에 대해 여러분의 함수로 계산한 $x_k$(각 $k$마다 `get_minimizer_x(k, eta, 3)`)를
# 보여 줘요.


# %%
def plot_iterates(learning_rates, steps=30, init=3.0):
    """Plot x_k against k for each learning rate, starting from `init`."""
    ks = np.arange(steps + 1)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for eta in learning_rates:
        ax.plot(ks, [get_minimizer_x(k, eta, init) for k in ks], marker=".", label=f"$\\eta = {eta}$")
    ax.axhline(0, color="gray", linewidth=0.8)
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel("$x_k$")
    ax.set_title("Gradient descent on $f(x) = x^2$")
    ax.legend()
    plt.show()


plot_iterates([0.001, 0.01, 0.1, 0.4])

# %% [ko]
def plot_iterates(learning_rates, steps=30, init=3.0):
    """학습률마다 `init`에서 출발한 x_k를 k에 대해 그려요."""
    ks = np.arange(steps + 1)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for eta in learning_rates:
        ax.plot(ks, [get_minimizer_x(k, eta, init) for k in ks], marker=".", label=f"$\\eta = {eta}$")
    ax.axhline(0, color="gray", linewidth=0.8)
    ax.set_xlabel("반복 횟수 k")
    ax.set_ylabel("$x_k$")
    ax.set_title("f(x) = x²에서의 경사 하강법")
    ax.legend()
    plt.show()


plot_iterates([0.001, 0.01, 0.1, 0.4])

# %% [markdown]
# ## 2. The learning rate: too small, too large
#
# The factor $1 - 2\eta$ tells the whole story for this function:
#
# * $0 < \eta < 0.5$: the factor is in $(0, 1)$, $x$ shrinks towards 0 without changing sign.
#   A **too small** rate ($\eta = 0.001$ above) is safe but painfully slow: after 30 steps
#   $x$ has barely moved.
# * $\eta = 0.5$: the factor is 0 and one step lands exactly on the minimum. (For a parabola,
#   $\eta = 1/f''$ is Newton's method.)
# * $0.5 < \eta < 1$: the factor is in $(-1, 0)$: every step **overshoots** the minimum and
#   lands on the other side, but closer, so the iterates zig-zag in.
# * $\eta = 1$: the factor is $-1$, $x$ bounces between $3$ and $-3$ for ever.
# * $\eta > 1$: $|1 - 2\eta| > 1$, every step lands further away: gradient descent **diverges**.
#
# In general, for a function whose curvature is at most $L$ (here $f'' = 2$), gradient descent is
# stable for $\eta < 2/L$. Beyond that, more iterations make things worse.

# %% [markdown ko]
# ## 2. 학습률: 너무 작거나, 너무 크거나
#
# 이 함수에서는 곱해지는 수 $1 - 2\eta$가 모든 것을 말해 줘요.
#
# * $0 < \eta < 0.5$: 곱해지는 수가 $(0, 1)$ 사이라서 $x$는 부호를 바꾸지 않고 0으로 줄어들어요.
#   학습률이 **너무 작으면**(위의 $\eta = 0.001$) 안전하지만 답답할 만큼 느려요: 30스텝 뒤에도
#   $x$가 거의 움직이지 않아요.
# * $\eta = 0.5$: 곱해지는 수가 0이라서 한 스텝 만에 정확히 최솟값에 도착해요. (포물선에서
#   $\eta = 1/f''$은 뉴턴 방법이에요.)
# * $0.5 < \eta < 1$: 곱해지는 수가 $(-1, 0)$ 사이라서 매 스텝 최솟값을 **지나쳐** 반대편에 떨어지지만
#   조금씩 가까워져요. 반복값이 지그재그로 다가가요.
# * $\eta = 1$: 곱해지는 수가 $-1$이라서 $x$가 $3$과 $-3$ 사이를 영원히 오가요.
# * $\eta > 1$: $|1 - 2\eta| > 1$이라서 매 스텝 더 멀어져요: 경사 하강법이 **발산**해요.
#
# 일반적으로 곡률이 최대 $L$인 함수(여기서는 $f'' = 2$)에서 경사 하강법은 $\eta < 2/L$일 때
# 안정적이에요. 그보다 크면 반복할수록 오히려 나빠져요.


# %%
def plot_on_parabola(learning_rates, steps=12, init=3.0):
    """Draw the iterates of each learning rate on the graph of f(x) = x**2, one panel per rate."""
    fig, axes = plt.subplots(1, len(learning_rates), figsize=(4 * len(learning_rates), 3.5), squeeze=False)
    for ax, eta in zip(axes[0], learning_rates):
        xs = np.array([get_minimizer_x(k, eta, init) for k in range(steps + 1)])
        width = max(4.0, 1.1 * np.abs(xs).max())
        grid = np.linspace(-width, width, 200)
        ax.plot(grid, grid**2, color="lightgray")
        ax.plot(xs, xs**2, marker="o", markersize=4)
        ax.set_title(f"$\\eta = {eta}$: $x_{{{steps}}} = {xs[-1]:.3g}$")
        ax.set_xlabel("$x$")
    axes[0, 0].set_ylabel("$f(x)$")
    plt.show()


def plot_distance(learning_rates, steps=30, init=3.0):
    """Plot |x_k| on a logarithmic scale: straight lines mean geometric convergence or divergence."""
    ks = np.arange(steps + 1)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for eta in learning_rates:
        distances = [abs(get_minimizer_x(k, eta, init)) for k in ks]
        ax.semilogy(ks, distances, marker=".", markersize=4, label=f"$\\eta = {eta}$")
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel("$|x_k|$ (log scale)")
    ax.legend()
    plt.show()


plot_on_parabola([0.1, 0.9, 1.05])
plot_distance([0.001, 0.1, 0.95, 1.0, 1.05])

# %% [ko]
def plot_on_parabola(learning_rates, steps=12, init=3.0):
    """학습률마다 f(x) = x**2의 그래프 위에 반복값을 그려요. 학습률마다 패널 하나씩이에요."""
    fig, axes = plt.subplots(1, len(learning_rates), figsize=(4 * len(learning_rates), 3.5), squeeze=False)
    for ax, eta in zip(axes[0], learning_rates):
        xs = np.array([get_minimizer_x(k, eta, init) for k in range(steps + 1)])
        width = max(4.0, 1.1 * np.abs(xs).max())
        grid = np.linspace(-width, width, 200)
        ax.plot(grid, grid**2, color="lightgray")
        ax.plot(xs, xs**2, marker="o", markersize=4)
        ax.set_title(f"$\\eta = {eta}$: $x_{{{steps}}} = {xs[-1]:.3g}$")
        ax.set_xlabel("$x$")
    axes[0, 0].set_ylabel("$f(x)$")
    plt.show()


def plot_distance(learning_rates, steps=30, init=3.0):
    """|x_k|를 로그 눈금으로 그려요: 직선이면 기하급수적으로 수렴하거나 발산한다는 뜻이에요."""
    ks = np.arange(steps + 1)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for eta in learning_rates:
        distances = [abs(get_minimizer_x(k, eta, init)) for k in ks]
        ax.semilogy(ks, distances, marker=".", markersize=4, label=f"$\\eta = {eta}$")
    ax.set_xlabel("반복 횟수 k")
    ax.set_ylabel("|xₖ| (로그 눈금)")
    ax.legend()
    plt.show()


plot_on_parabola([0.1, 0.9, 1.05])
plot_distance([0.001, 0.1, 0.95, 1.0, 1.05])

# %% [markdown]
# Note that $\eta = 0.1$ and $\eta = 0.9$ end at the same distance from 0: their factors are
# $0.8$ and $-0.8$. *Try it:* call `plot_on_parabola([0.5, 0.75, 1.0])` in a new cell. What happens
# at exactly $\eta = 0.5$, and why?
#
# ## 3. Gradient descent in several dimensions
#
# For a function $f : \mathbb{R}^n \to \mathbb{R}$ the slope is the **gradient**
# $\nabla f(x) = (\partial f / \partial x_1, \dots, \partial f / \partial x_n)$, which points
# uphill; the update is the same with vectors:
#
# $$x_{k+1} = x_k - \eta\, \nabla f(x_k).$$
#
# **Your task.** Implement `gradient_descent(grad_fn, x0, learning_rate, iterations)`. `grad_fn`
# is a function that takes a point (a NumPy array) and returns the gradient there; `x0` is the
# start, given as anything `np.array` accepts (a list, a tuple, an array). Run `iterations`
# updates and return the final point as a float NumPy array. Do not change `x0` in place: work on
# a copy (`np.array(x0, dtype=float)` makes one).
#
# Example: $f(x, y) = x^2 + 10 y^2$ has gradient $\nabla f = (2x, 20y)$. One step of size
# $0.05$ from $(1, 1)$ goes to $(1 - 0.05 \cdot 2,\ 1 - 0.05 \cdot 20) = (0.9, 0)$.

# %% [markdown ko]
# $\eta = 0.1$과 $\eta = 0.9$는 0에서 같은 거리에서 끝나요: 곱해지는 수가 $0.8$과 $-0.8$이기
# 때문이에요. *해 보세요:* 새 셀에서 `plot_on_parabola([0.5, 0.75, 1.0])`을 호출해 보세요. 정확히
# $\eta = 0.5$일 때 무슨 일이 일어나고, 왜 그럴까요?
#
# ## 3. 여러 차원에서의 경사 하강법
#
# 함수 $f : \mathbb{R}^n \to \mathbb{R}$의 기울기는 **그레이디언트**
# $\nabla f(x) = (\partial f / \partial x_1, \dots, \partial f / \partial x_n)$이고, 오르막 방향을
# 가리켜요. 업데이트는 벡터로 바뀔 뿐 똑같아요.
#
# $$x_{k+1} = x_k - \eta\, \nabla f(x_k).$$
#
# **과제.** `gradient_descent(grad_fn, x0, learning_rate, iterations)`를 구현하세요. `grad_fn`은
# 한 점(NumPy 배열)을 받아 그 점에서의 그레이디언트를 반환하는 함수이고, `x0`는 출발점으로
# `np.array`가 받아들이는 무엇이든(리스트, 튜플, 배열) 될 수 있어요. 업데이트를 `iterations`번
# 실행하고 마지막 점을 실수형 NumPy 배열로 반환하세요. `x0`를 제자리에서 바꾸지 말고 복사본으로
# 작업하세요(`np.array(x0, dtype=float)`가 복사본을 만들어요).
#
# 예: $f(x, y) = x^2 + 10 y^2$의 그레이디언트는 $\nabla f = (2x, 20y)$예요. $(1, 1)$에서 크기
# $0.05$로 한 스텝 가면 $(1 - 0.05 \cdot 2,\ 1 - 0.05 \cdot 20) = (0.9, 0)$에 도착해요.

# %% [solution] gradient_descent

# %% [docstring ko] gradient_descent
# `x0`에서 x <- x - learning_rate * grad_fn(x)를 `iterations`스텝 실행하고 마지막 점을 반환해요.

# %% [tests] gradient_descent
assert np.allclose(gradient_descent(lambda x: 2 * x, [3.0], 0.01, 10), [3 * 0.98**10]), "f(x) = x**2 example"
assert np.allclose(
    gradient_descent(lambda v: np.array([2 * v[0], 20 * v[1]]), [1.0, 1.0], 0.05, 1), [0.9, 0.0]
)
assert isinstance(gradient_descent(lambda v: 2 * v, [1.0, 2.0], 0.1, 3), np.ndarray), "return a NumPy array"
assert gradient_descent(lambda v: 2 * v, [1, 2], 0.1, 0).dtype == np.float64, (
    "return floats, even for int input"
)
assert np.allclose(gradient_descent(lambda v: 2 * v, [1, 2], 0.1, 0), [1.0, 2.0]), "0 iterations: the start"
start = np.array([1.0, -2.0])
assert np.allclose(gradient_descent(lambda v: 2 * v, start, 0.1, 5), 0.8**5 * start)
assert np.array_equal(start, [1.0, -2.0]), "gradient_descent must not modify x0 in place"
print("gradient_descent: all checks passed")

# %% [tests ko] gradient_descent
assert np.allclose(gradient_descent(lambda x: 2 * x, [3.0], 0.01, 10), [3 * 0.98**10]), "f(x) = x**2 예제"
assert np.allclose(
    gradient_descent(lambda v: np.array([2 * v[0], 20 * v[1]]), [1.0, 1.0], 0.05, 1), [0.9, 0.0]
)
assert isinstance(gradient_descent(lambda v: 2 * v, [1.0, 2.0], 0.1, 3), np.ndarray), "NumPy 배열을 반환하세요"
assert gradient_descent(lambda v: 2 * v, [1, 2], 0.1, 0).dtype == np.float64, (
    "입력이 정수여도 실수를 반환하세요"
)
assert np.allclose(gradient_descent(lambda v: 2 * v, [1, 2], 0.1, 0), [1.0, 2.0]), "반복 0번이면 시작점이에요"
start = np.array([1.0, -2.0])
assert np.allclose(gradient_descent(lambda v: 2 * v, start, 0.1, 5), 0.8**5 * start)
assert np.array_equal(start, [1.0, -2.0]), "gradient_descent가 x0를 제자리에서 바꾸면 안 돼요"
print("gradient_descent: 모든 확인을 통과했어요")

# %% [markdown]
# ### A narrow valley
#
# On $f(x, y) = x^2 + 10 y^2$ the curvature is 2 along $x$ but 20 along $y$, so any learning rate
# above $2/20 = 0.1$ diverges along $y$, while along $x$ a rate that small makes slow progress.
# Near the limit, the iterates zig-zag across the valley. The helper below collects the whole path
# with your `gradient_descent`, by running it for $0, 1, 2, \dots$ iterations (wasteful, but it
# lets the plots use exactly your function).

# %% [markdown ko]
# ### 좁은 골짜기
#
# $f(x, y) = x^2 + 10 y^2$에서 곡률은 $x$ 방향으로 2, $y$ 방향으로 20이에요. 그래서 $2/20 = 0.1$보다
# 큰 학습률은 $y$ 방향으로 발산하고, 그렇게 작은 학습률로는 $x$ 방향의 진행이 느려요. 한계에 가까우면
# 반복값이 골짜기를 가로지르며 지그재그로 움직여요. 아래 도우미 함수는 여러분의 `gradient_descent`를
# $0, 1, 2, \dots$번 반복으로 실행해 경로 전체를 모아요(낭비지만, 그래프가 정확히 여러분의 함수를 쓰게
# 돼요).


# %%
def descent_path(grad_fn, x0, learning_rate, iterations):
    """The iterates x_0, ..., x_iterations of gradient descent, as rows of an array."""
    return np.array([gradient_descent(grad_fn, x0, learning_rate, k) for k in range(iterations + 1)])


def valley_gradient(v):
    """Gradient of f(x, y) = x**2 + 10 * y**2."""
    return np.array([2 * v[0], 20 * v[1]])


def plot_valley(learning_rates, iterations=25, start=(-4.0, 1.5)):
    """Contours of x**2 + 10 y**2 with the gradient-descent path of each learning rate."""
    grid_x, grid_y = np.meshgrid(np.linspace(-4.5, 4.5, 200), np.linspace(-2, 2, 200))
    fig, ax = plt.subplots(figsize=(8, 3.8))
    ax.contour(grid_x, grid_y, grid_x**2 + 10 * grid_y**2, levels=15, cmap="Greys", linewidths=0.7)
    for eta in learning_rates:
        path = descent_path(valley_gradient, start, eta, iterations)
        ax.plot(path[:, 0], path[:, 1], marker=".", label=f"$\\eta = {eta}$")
    ax.plot(0, 0, "k*", markersize=10)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title(f"{iterations} steps on $f(x, y) = x^2 + 10y^2$")
    ax.legend()
    plt.show()


plot_valley([0.02, 0.09])

# %% [ko]
def descent_path(grad_fn, x0, learning_rate, iterations):
    """경사 하강법의 반복값 x_0, ..., x_iterations를 배열의 행으로 모아요."""
    return np.array([gradient_descent(grad_fn, x0, learning_rate, k) for k in range(iterations + 1)])


def valley_gradient(v):
    """f(x, y) = x**2 + 10 * y**2의 그레이디언트."""
    return np.array([2 * v[0], 20 * v[1]])


def plot_valley(learning_rates, iterations=25, start=(-4.0, 1.5)):
    """x**2 + 10 y**2의 등고선 위에 학습률마다 경사 하강법의 경로를 그려요."""
    grid_x, grid_y = np.meshgrid(np.linspace(-4.5, 4.5, 200), np.linspace(-2, 2, 200))
    fig, ax = plt.subplots(figsize=(8, 3.8))
    ax.contour(grid_x, grid_y, grid_x**2 + 10 * grid_y**2, levels=15, cmap="Greys", linewidths=0.7)
    for eta in learning_rates:
        path = descent_path(valley_gradient, start, eta, iterations)
        ax.plot(path[:, 0], path[:, 1], marker=".", label=f"$\\eta = {eta}$")
    ax.plot(0, 0, "k*", markersize=10)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title(f"f(x, y) = x² + 10y²에서 {iterations}스텝")
    ax.legend()
    plt.show()


plot_valley([0.02, 0.09])

# %% [markdown]
# ## 4. When the function is not convex: local minima and saddle points
#
# On $x^2$ every path leads to the one minimum. Most functions worth minimising are not that
# kind. Take
#
# $$f(x) = x^4 - 3x^2 + x, \qquad f'(x) = 4x^3 - 6x + 1 .$$
#
# It has a **global minimum** near $x \approx -1.30$, a **local minimum** near $x \approx 1.13$
# and a local maximum between them near $x \approx 0.17$. Gradient descent only ever looks at the
# slope where it stands, so which minimum it finds depends on where it starts: every start to the
# right of the maximum slides into the local minimum.
#
# Since this gradient acts on each coordinate separately, one call of your `gradient_descent`
# on an array of starting points runs all those one-dimensional descents at once.

# %% [markdown ko]
# ## 4. 함수가 볼록하지 않을 때: 지역 최솟값과 안장점
#
# $x^2$에서는 모든 경로가 하나뿐인 최솟값으로 이어져요. 하지만 최소화할 가치가 있는 함수는 대부분
# 그렇지 않아요. 다음 함수를 보세요.
#
# $$f(x) = x^4 - 3x^2 + x, \qquad f'(x) = 4x^3 - 6x + 1 .$$
#
# 이 함수는 $x \approx -1.30$ 근처에 **전역 최솟값**(global minimum), $x \approx 1.13$ 근처에
# **지역 최솟값**, 그 사이 $x \approx 0.17$ 근처에 지역 최댓값이 있어요. 경사 하강법은 자신이 서 있는
# 곳의 기울기만 보기 때문에, 어느 최솟값을 찾을지는 출발점에 달려 있어요: 최댓값보다 오른쪽에서
# 출발하면 모두 지역 최솟값으로 미끄러져 내려가요.
#
# 이 그레이디언트는 좌표마다 따로 작용하므로, 출발점들을 담은 배열로 `gradient_descent`를 한 번
# 호출하면 그 1차원 경사 하강법들을 한꺼번에 실행할 수 있어요.


# %%
def two_minima(x):
    """f(x) = x**4 - 3 x**2 + x."""
    return x**4 - 3 * x**2 + x


def two_minima_slope(x):
    """f'(x) = 4 x**3 - 6 x + 1, applied elementwise."""
    return 4 * x**3 - 6 * x + 1


def plot_basins(starts, learning_rate=0.01, iterations=300):
    """Run gradient descent from each start and mark where it ends on the graph of f."""
    ends = gradient_descent(two_minima_slope, starts, learning_rate, iterations)
    grid = np.linspace(-2.1, 2.1, 300)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(grid, two_minima(grid), color="gray")
    for x0, x_end in zip(starts, ends):
        color = "tab:green" if x_end < 0 else "tab:red"
        ax.annotate(
            "",
            xy=(x_end, two_minima(x_end)),
            xytext=(x0, two_minima(x0)),
            arrowprops={"arrowstyle": "->", "color": color, "alpha": 0.6},
        )
        ax.plot(x0, two_minima(x0), "o", color=color)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.set_title("Green starts reach the global minimum, red ones stop in the local one")
    plt.show()
    for x0, x_end in zip(starts, ends):
        print(f"start {x0:+.2f} -> ends at x = {x_end:+.4f}, f = {two_minima(x_end):+.4f}")


plot_basins(np.linspace(-2, 2, 9))

# %% [ko]
def two_minima(x):
    """f(x) = x**4 - 3 x**2 + x."""
    return x**4 - 3 * x**2 + x


def two_minima_slope(x):
    """f'(x) = 4 x**3 - 6 x + 1, 원소별로 계산해요."""
    return 4 * x**3 - 6 * x + 1


def plot_basins(starts, learning_rate=0.01, iterations=300):
    """출발점마다 경사 하강법을 실행하고, f의 그래프 위에 도착한 곳을 표시해요."""
    ends = gradient_descent(two_minima_slope, starts, learning_rate, iterations)
    grid = np.linspace(-2.1, 2.1, 300)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(grid, two_minima(grid), color="gray")
    for x0, x_end in zip(starts, ends):
        color = "tab:green" if x_end < 0 else "tab:red"
        ax.annotate(
            "",
            xy=(x_end, two_minima(x_end)),
            xytext=(x0, two_minima(x0)),
            arrowprops={"arrowstyle": "->", "color": color, "alpha": 0.6},
        )
        ax.plot(x0, two_minima(x0), "o", color=color)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.set_title("초록색 출발점은 전역 최솟값에, 빨간색은 지역 최솟값에 도착해요")
    plt.show()
    for x0, x_end in zip(starts, ends):
        print(f"출발 {x0:+.2f} -> 도착 x = {x_end:+.4f}, f = {two_minima(x_end):+.4f}")


plot_basins(np.linspace(-2, 2, 9))

# %% [markdown]
# ### Saddle points
#
# In several dimensions there is a third kind of place where the gradient vanishes: a **saddle
# point**, a minimum in some directions and a maximum in others, like the origin of
# $x^2 - y^2$. Take
#
# $$f(x, y) = x^2 + \tfrac14 y^4 - \tfrac12 y^2, \qquad \nabla f(x, y) = (2x,\ y^3 - y).$$
#
# It has two minima, at $(0, \pm 1)$ with $f = -\tfrac14$, and a saddle at the origin, where it
# looks like $x^2 - \tfrac12 y^2$. Started exactly on the line $y = 0$, gradient descent never
# feels the downhill direction: it converges to the saddle and stops there. Started a mere
# $0.001$ off that line, it first rushes towards the saddle, **lingers** there for dozens of steps
# (the gradient is tiny) and finally escapes to a minimum. Long plateaus in a loss curve are
# often exactly this.

# %% [markdown ko]
# ### 안장점
#
# 여러 차원에서는 그레이디언트가 0이 되는 세 번째 종류의 점이 있어요. 바로 **안장점**이에요. 어떤
# 방향으로는 최솟값이고 다른 방향으로는 최댓값인 점으로, $x^2 - y^2$의 원점이 그 예예요. 다음 함수를
# 보세요.
#
# $$f(x, y) = x^2 + \tfrac14 y^4 - \tfrac12 y^2, \qquad \nabla f(x, y) = (2x,\ y^3 - y).$$
#
# 이 함수는 $(0, \pm 1)$에서 $f = -\tfrac14$인 최솟값 두 개를 갖고, 원점은 안장점이에요. 원점 근처에서는
# $x^2 - \tfrac12 y^2$처럼 생겼어요. 정확히 직선 $y = 0$ 위에서 출발하면 경사 하강법은 내리막 방향을
# 전혀 느끼지 못해서 안장점으로 수렴하고 거기서 멈춰요. 그 직선에서 겨우 $0.001$만 벗어나 출발해도,
# 먼저 안장점 쪽으로 달려가 수십 스텝 동안 **머뭇거리다가**(그레이디언트가 아주 작아요) 결국 최솟값으로
# 빠져나가요. 손실 곡선의 긴 평지(plateau)는 바로 이런 경우가 많아요.


# %%
def saddle_f(v):
    """f(x, y) = x**2 + y**4 / 4 - y**2 / 2."""
    return v[0] ** 2 + v[1] ** 4 / 4 - v[1] ** 2 / 2


def saddle_gradient(v):
    """Gradient (2x, y**3 - y)."""
    return np.array([2 * v[0], v[1] ** 3 - v[1]])


def plot_saddle(starts, learning_rate=0.1, iterations=120):
    """Paths from each start on the contour plot, and f along each path."""
    grid_x, grid_y = np.meshgrid(np.linspace(-2.2, 2.2, 200), np.linspace(-1.6, 1.6, 200))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    levels = [-0.2, -0.1, -0.02, 0.02, 0.1, 0.3, 0.6, 1, 1.5, 2.5, 4]
    left.contour(grid_x, grid_y, saddle_f((grid_x, grid_y)), levels=levels, cmap="Greys", linewidths=0.7)
    left.plot([0, 0], [-1, 1], "k*", markersize=9)
    left.plot(0, 0, "kx", markersize=9)
    left.annotate("saddle", (0.05, 0.08))
    for start in starts:
        path = descent_path(saddle_gradient, start, learning_rate, iterations)
        left.plot(path[:, 0], path[:, 1], marker=".", markersize=3, label=f"start {start}")
        right.plot([saddle_f(p) for p in path], label=f"start {start}")
    left.set_xlabel("$x$")
    left.set_ylabel("$y$")
    left.legend(fontsize=8)
    right.axhline(0, color="gray", linewidth=0.8, linestyle=":")
    right.set_xlabel("iteration $k$")
    right.set_ylabel("$f(x_k, y_k)$")
    right.set_ylim(-0.35, 1.0)
    right.set_title("The plateau at f = 0 is the saddle")
    plt.show()


plot_saddle([(2.0, 0.0), (2.0, 0.001), (-2.0, -0.001)])

# %% [ko]
def saddle_f(v):
    """f(x, y) = x**2 + y**4 / 4 - y**2 / 2."""
    return v[0] ** 2 + v[1] ** 4 / 4 - v[1] ** 2 / 2


def saddle_gradient(v):
    """그레이디언트 (2x, y**3 - y)."""
    return np.array([2 * v[0], v[1] ** 3 - v[1]])


def plot_saddle(starts, learning_rate=0.1, iterations=120):
    """출발점마다 경로를 등고선 위에 그리고, 경로를 따라 f 값을 그려요."""
    grid_x, grid_y = np.meshgrid(np.linspace(-2.2, 2.2, 200), np.linspace(-1.6, 1.6, 200))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    levels = [-0.2, -0.1, -0.02, 0.02, 0.1, 0.3, 0.6, 1, 1.5, 2.5, 4]
    left.contour(grid_x, grid_y, saddle_f((grid_x, grid_y)), levels=levels, cmap="Greys", linewidths=0.7)
    left.plot([0, 0], [-1, 1], "k*", markersize=9)
    left.plot(0, 0, "kx", markersize=9)
    left.annotate("안장점", (0.05, 0.08))
    for start in starts:
        path = descent_path(saddle_gradient, start, learning_rate, iterations)
        left.plot(path[:, 0], path[:, 1], marker=".", markersize=3, label=f"출발 {start}")
        right.plot([saddle_f(p) for p in path], label=f"출발 {start}")
    left.set_xlabel("$x$")
    left.set_ylabel("$y$")
    left.legend(fontsize=8)
    right.axhline(0, color="gray", linewidth=0.8, linestyle=":")
    right.set_xlabel("반복 횟수 k")
    right.set_ylabel("$f(x_k, y_k)$")
    right.set_ylim(-0.35, 1.0)
    right.set_title("f = 0의 평지가 안장점이에요")
    plt.show()


plot_saddle([(2.0, 0.0), (2.0, 0.001), (-2.0, -0.001)])

# %% [markdown]
# ## Summary
#
# * Gradient descent repeats $x \leftarrow x - \eta \nabla f(x)$; it needs nothing but gradients.
# * The learning rate trades speed against stability: too small crawls, too large overshoots and
#   diverges once $\eta > 2/L$ for curvature $L$.
# * On non-convex functions the answer depends on the start: gradient descent finds *a* local
#   minimum, and can stall near saddle points where the gradient is small.
#
# Next (problem set 2): the same algorithm fits a linear regression model.

# %% [markdown ko]
# ## 정리
#
# * 경사 하강법은 $x \leftarrow x - \eta \nabla f(x)$를 반복해요. 필요한 것은 그레이디언트뿐이에요.
# * 학습률은 속도와 안정성을 맞바꿔요: 너무 작으면 기어가고, 너무 크면 지나치며, 곡률 $L$에 대해
#   $\eta > 2/L$이면 발산해요.
# * 볼록하지 않은 함수에서는 답이 출발점에 달려 있어요: 경사 하강법은 *어떤* 지역 최솟값을 찾고,
#   그레이디언트가 작은 안장점 근처에서 멈춰 설 수 있어요.
#
# 다음(과제 2): 같은 알고리즘으로 선형 회귀 모델을 학습해요.
