# ruff: noqa: F821, F811
# Template of the ps2_linear_regression notebook, read by scripts/build_sources.py (percent format;
# the format, with its Korean twins `[markdown ko]`, `[tests ko] NAME`, `[ko]`, `[docstring ko] NAME`,
# is described at the top of that script). `# %% [solution] NAME` becomes the answer cell of NAME, filled
# from solutions/; `# %% [tests] NAME` becomes a read-only check cell. The graded functions are not
# defined here, hence the noqa above. Code that calls them or plots lives in functions, so the
# autograder skips it when reading a notebook.

# %% [docstring ko]
# 선형 모델의 MSE, 그 기울기, 그리고 경사 하강법.

# %% [markdown]
# # Problem set 2: linear regression by gradient descent
#
# In problem set 1 gradient descent minimised functions we wrote down by hand. Here the function
# comes from **data**: we fit a straight line to noisy measurements by minimising the mean squared
# error, with the same algorithm. You will write
#
# 1. `predict`, the linear model;
# 2. `mse_loss`, the mean squared error;
# 3. `mse_gradient`, its exact gradient (and check it numerically);
# 4. `fit_gradient_descent`, full-batch gradient descent that records the loss at every step.
#
# **How to work.** Replace each `raise NotImplementedError(...)` with your code and run the
# read-only check cell after it. The plots call your functions, so they work once yours do. You may
# also write the functions in `linear_regression.py` next to this notebook; submit either file.
# Do not modify the arrays you are given (no `X -= ...` or `w[...] = ...` on arguments).

# %% [markdown ko]
# # 과제 2: 경사 하강법으로 푸는 선형 회귀
#
# 과제 1에서 경사 하강법은 우리가 손으로 적은 함수를 최소화했어요. 이번에는 함수가 **데이터**에서
# 나와요: 잡음이 섞인 측정값에 직선을 맞추기 위해, 같은 알고리즘으로 평균 제곱 오차를 최소화해요.
# 여러분이 작성할 함수는 다음과 같아요.
#
# 1. `predict`: 선형 모델,
# 2. `mse_loss`: 평균 제곱 오차(MSE),
# 3. `mse_gradient`: 그 정확한 기울기(그리고 수치적으로 확인하기),
# 4. `fit_gradient_descent`: 매 스텝 손실을 기록하는 전체 배치 경사 하강법.
#
# **진행 방법.** 각 `raise NotImplementedError(...)`를 여러분의 코드로 바꾸고, 바로 다음의 읽기 전용
# 확인 셀을 실행하세요. 그래프는 여러분의 함수를 호출하므로 함수가 완성되면 그려져요. 같은 함수를 이
# 노트북 옆의 `linear_regression.py`에 작성해도 돼요. 둘 중 하나를 제출하세요. 인자로 받은 배열은
# 바꾸지 마세요(인자에 `X -= ...`나 `w[...] = ...` 금지).

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. The data
#
# Forty points on the line $y = 0.3x + 0.5$ with a little Gaussian noise, plus **two outliers**
# added by hand: $(1, 4.5)$ and $(9.5, 0)$, say two readings written down wrongly. Keep an eye on
# them; they will matter. The features go into a matrix `X` of shape $(m, n)$, here $n = 1$
# column, so that everything below works unchanged with more features.

# %% [markdown ko]
# ## 1. 데이터
#
# 직선 $y = 0.3x + 0.5$ 위의 점 40개에 약간의 가우스 잡음을 더하고, 손으로 **이상치 두 개**를
# 넣었어요: $(1, 4.5)$와 $(9.5, 0)$, 잘못 받아 적은 측정값 두 개라고 생각하세요. 이 두 점을 눈여겨
# 보세요. 나중에 중요해져요. 특성은 모양이 $(m, n)$인 행렬 `X`에 들어가고, 여기서는 $n = 1$열이에요.
# 그래서 아래의 모든 코드는 특성이 많아져도 그대로 작동해요.

# %%
rng = np.random.default_rng(0)
x_clean = rng.uniform(0, 10, size=40)
y_clean = 0.3 * x_clean + 0.5 + rng.normal(0, 0.25, size=40)
x_data = np.append(x_clean, [1.0, 9.5])
y = np.append(y_clean, [4.5, 0.0])
X = x_data.reshape(-1, 1)
print("X:", X.shape, " y:", y.shape)


# %%
def plot_data():
    """Scatter plot of the data, outliers in red, and the line the data came from."""
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.scatter(x_clean, y_clean, s=18, label="data")
    ax.scatter(x_data[-2:], y[-2:], s=40, color="tab:red", label="outliers")
    grid = np.linspace(0, 10, 2)
    ax.plot(grid, 0.3 * grid + 0.5, "k--", linewidth=1, label="$y = 0.3x + 0.5$")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend()
    plt.show()


plot_data()

# %% [ko]
def plot_data():
    """데이터의 산점도(이상치는 빨간색)와 데이터를 만든 직선을 그려요."""
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.scatter(x_clean, y_clean, s=18, label="데이터")
    ax.scatter(x_data[-2:], y[-2:], s=40, color="tab:red", label="이상치")
    grid = np.linspace(0, 10, 2)
    ax.plot(grid, 0.3 * grid + 0.5, "k--", linewidth=1, label="$y = 0.3x + 0.5$")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend()
    plt.show()


plot_data()

# %% [markdown]
# ## 2. The model
#
# A linear model has a weight per feature, $w \in \mathbb{R}^n$, and a bias $b$. For row $i$ of
# `X` it predicts $\hat y_i = x_i \cdot w + b$; for all rows at once
#
# $$\hat y = X w + b \qquad (\text{shape } (m,)).$$
#
# **Your task.** Implement `predict(X, w, b)`. In NumPy this is one line (`@` is matrix
# multiplication); no loop over the rows.

# %% [markdown ko]
# ## 2. 모델
#
# 선형 모델은 특성마다 가중치 하나, $w \in \mathbb{R}^n$과 편향 $b$를 가져요. `X`의 $i$번째 행에 대해
# $\hat y_i = x_i \cdot w + b$를 예측하고, 모든 행을 한꺼번에 쓰면
#
# $$\hat y = X w + b \qquad (\text{shape } (m,)).$$
#
# **과제.** `predict(X, w, b)`를 구현하세요. NumPy로는 한 줄이에요(`@`는 행렬 곱셈이에요). 행마다
# 도는 반복문은 쓰지 마세요.

# %% [solution] predict

# %% [docstring ko] predict
# 예측값 y_hat = X @ w + b, 모양 (m,).

# %% [tests] predict
X_small = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
w_small = np.array([0.5, -1.0])
y_small = np.array([1.0, 0.0, -1.0])
assert np.allclose(predict(X_small, w_small, 2.0), [0.5, -0.5, -1.5])
assert predict(X_small, w_small, 2.0).shape == (3,), "one prediction per row: shape (m,)"
assert np.allclose(predict(X, np.array([0.3]), 0.5), 0.3 * x_data + 0.5)
print("predict: all checks passed")

# %% [tests ko] predict
X_small = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
w_small = np.array([0.5, -1.0])
y_small = np.array([1.0, 0.0, -1.0])
assert np.allclose(predict(X_small, w_small, 2.0), [0.5, -0.5, -1.5])
assert predict(X_small, w_small, 2.0).shape == (3,), "행마다 예측값 하나: 모양 (m,)"
assert np.allclose(predict(X, np.array([0.3]), 0.5), 0.3 * x_data + 0.5)
print("predict: 모든 확인을 통과했어요")

# %% [markdown]
# ## 3. The loss
#
# How wrong is a line? The **mean squared error** averages the squared residuals
# $r_i = \hat y_i - y_i$:
#
# $$L(w, b) = \frac1m \sum_{i=1}^m (x_i \cdot w + b - y_i)^2 .$$
#
# Squaring makes every residual count as a positive amount and punishes big residuals much more
# than small ones: a residual of 4 costs as much as sixteen residuals of 1.
#
# **Your task.** Implement `mse_loss(X, y, w, b)`, returning a Python `float`.

# %% [markdown ko]
# ## 3. 손실 함수
#
# 직선이 얼마나 틀렸을까요? **평균 제곱 오차**는 잔차 $r_i = \hat y_i - y_i$의 제곱을 평균 내요.
#
# $$L(w, b) = \frac1m \sum_{i=1}^m (x_i \cdot w + b - y_i)^2 .$$
#
# 제곱하면 모든 잔차가 양수로 계산되고, 큰 잔차가 작은 잔차보다 훨씬 큰 벌을 받아요: 잔차 4 하나는
# 잔차 1 열여섯 개만큼의 비용이에요.
#
# **과제.** 파이썬 `float`를 반환하는 `mse_loss(X, y, w, b)`를 구현하세요.

# %% [solution] mse_loss

# %% [docstring ko] mse_loss
# 예측값과 y 사이의 평균 제곱 오차.

# %% [tests] mse_loss
assert np.isclose(mse_loss(X_small, y_small, w_small, 2.0), 0.25), "residuals are -0.5, -0.5, -0.5"
assert np.isclose(mse_loss(X_small, [0.5, -0.5, -1.5], w_small, 2.0), 0.0), "a perfect fit has loss 0"
assert isinstance(mse_loss(X_small, y_small, w_small, 2.0), float), "return a float"
assert np.isclose(mse_loss(X, y, np.zeros(1), 0.0), np.mean(y**2))
print("mse_loss: all checks passed")

# %% [tests ko] mse_loss
assert np.isclose(mse_loss(X_small, y_small, w_small, 2.0), 0.25), "잔차는 -0.5, -0.5, -0.5예요"
assert np.isclose(mse_loss(X_small, [0.5, -0.5, -1.5], w_small, 2.0), 0.0), "완벽하게 맞으면 손실은 0이에요"
assert isinstance(mse_loss(X_small, y_small, w_small, 2.0), float), "float를 반환하세요"
assert np.isclose(mse_loss(X, y, np.zeros(1), 0.0), np.mean(y**2))
print("mse_loss: 모든 확인을 통과했어요")

# %% [markdown]
# ### The loss landscape
#
# With one feature the loss is a function of two numbers, $w$ and $b$, so we can draw it. It is a
# bowl (a quadratic in $(w, b)$), but a very **elongated** one: changing the slope $w$ moves the
# line a lot at $x = 10$, changing $b$ moves it the same everywhere. Remember the narrow valley of
# problem set 1: this shape decides how fast gradient descent can go.

# %% [markdown ko]
# ### 손실 지형
#
# 특성이 하나이면 손실은 두 수 $w$와 $b$의 함수라서 그림으로 그릴 수 있어요. 그릇 모양($(w, b)$의
# 2차식)이지만 아주 **길쭉한** 그릇이에요: 기울기 $w$를 바꾸면 $x = 10$에서 직선이 크게 움직이지만,
# $b$를 바꾸면 어디서나 똑같이 움직여요. 과제 1의 좁은 골짜기를 떠올려 보세요: 이 모양이 경사
# 하강법이 얼마나 빨리 갈 수 있는지를 정해요.


# %%
def plot_landscape(path_points=()):
    """Contours of mse_loss(X, y, w, b) over a grid of (w, b), with optional points (w, b) on top."""
    ws, bs = np.linspace(-0.2, 0.7, 60), np.linspace(-1.5, 3.0, 60)
    losses = np.array([[mse_loss(X, y, np.array([w]), b) for w in ws] for b in bs])
    fig, ax = plt.subplots(figsize=(7, 4.5))
    contours = ax.contour(ws, bs, losses, levels=np.geomspace(losses.min() * 1.02, losses.max(), 14))
    ax.clabel(contours, fontsize=7, fmt="%.2g")
    if len(path_points):
        points = np.array(path_points)
        ax.plot(points[:, 0], points[:, 1], "o-", color="tab:red", markersize=4, label="gradient descent")
        ax.legend()
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("bias $b$")
    ax.set_title("Mean squared error on the data")
    plt.show()


plot_landscape()

# %% [ko]
def plot_landscape(path_points=()):
    """(w, b) 격자에서 mse_loss(X, y, w, b)의 등고선을 그리고, 점 (w, b)들을 위에 표시해요(선택)."""
    ws, bs = np.linspace(-0.2, 0.7, 60), np.linspace(-1.5, 3.0, 60)
    losses = np.array([[mse_loss(X, y, np.array([w]), b) for w in ws] for b in bs])
    fig, ax = plt.subplots(figsize=(7, 4.5))
    contours = ax.contour(ws, bs, losses, levels=np.geomspace(losses.min() * 1.02, losses.max(), 14))
    ax.clabel(contours, fontsize=7, fmt="%.2g")
    if len(path_points):
        points = np.array(path_points)
        ax.plot(points[:, 0], points[:, 1], "o-", color="tab:red", markersize=4, label="경사 하강법")
        ax.legend()
    ax.set_xlabel("가중치 w")
    ax.set_ylabel("편향 b")
    ax.set_title("데이터에 대한 평균 제곱 오차")
    plt.show()


plot_landscape()

# %% [markdown]
# ## 4. The gradient
#
# Differentiate $L$ term by term. With $r_i = x_i \cdot w + b - y_i$,
# $\partial r_i / \partial w_j = X_{ij}$ and $\partial r_i / \partial b = 1$, so by the chain rule
#
# $$\frac{\partial L}{\partial w_j} = \frac2m \sum_i r_i X_{ij},
# \qquad \frac{\partial L}{\partial b} = \frac2m \sum_i r_i ,$$
#
# or, for all weights at once, with the residual vector $r = \hat y - y$:
#
# $$\nabla_w L = \frac2m X^\top r, \qquad \frac{\partial L}{\partial b} = \frac2m \sum_i r_i .$$
#
# **Your task.** Implement `mse_gradient(X, y, w, b)`, returning the tuple
# `(dL/dw, dL/db)`: an array of shape $(n,)$ and a float.
#
# **Checking a gradient.** A gradient formula is easy to get subtly wrong (a missing factor 2, a
# transpose, a sign). Whatever the formula, the derivative is the limit of difference quotients,
# so a **numerical gradient** with central differences,
# $\partial L / \partial b \approx \big(L(b + h) - L(b - h)\big) / 2h$, must agree with it to
# many digits. The helper below computes one from your `mse_loss`; use it whenever you derive a
# gradient.

# %% [markdown ko]
# ## 4. 기울기
#
# $L$을 항별로 미분해요. $r_i = x_i \cdot w + b - y_i$라 하면
# $\partial r_i / \partial w_j = X_{ij}$이고 $\partial r_i / \partial b = 1$이므로, 연쇄 법칙에 따라
#
# $$\frac{\partial L}{\partial w_j} = \frac2m \sum_i r_i X_{ij},
# \qquad \frac{\partial L}{\partial b} = \frac2m \sum_i r_i ,$$
#
# 이고, 잔차 벡터 $r = \hat y - y$로 모든 가중치를 한꺼번에 쓰면 다음과 같아요.
#
# $$\nabla_w L = \frac2m X^\top r, \qquad \frac{\partial L}{\partial b} = \frac2m \sum_i r_i .$$
#
# **과제.** 튜플 `(dL/dw, dL/db)`, 즉 모양 $(n,)$인 배열과 float를 반환하는 `mse_gradient(X, y, w, b)`를
# 구현하세요.
#
# **기울기 확인하기.** 기울기 공식은 미묘하게 틀리기 쉬워요(빠뜨린 2, 전치, 부호). 공식이 무엇이든
# 도함수는 차분 몫의 극한이므로, 중심 차분으로 구한 **수치 기울기**
# $\partial L / \partial b \approx \big(L(b + h) - L(b - h)\big) / 2h$와 여러 자리까지 일치해야 해요.
# 아래 도우미 함수는 여러분의 `mse_loss`로 수치 기울기를 계산해요. 기울기를 유도할 때마다 써 보세요.


# %%
def numerical_gradient(X, y, w, b, h=1e-6):
    """Central-difference approximation of (dL/dw, dL/db), from mse_loss alone."""
    w = np.asarray(w, dtype=float)
    grad_w = np.zeros_like(w)
    for j in range(len(w)):
        step = np.zeros_like(w)
        step[j] = h
        grad_w[j] = (mse_loss(X, y, w + step, b) - mse_loss(X, y, w - step, b)) / (2 * h)
    grad_b = (mse_loss(X, y, w, b + h) - mse_loss(X, y, w, b - h)) / (2 * h)
    return grad_w, grad_b


def check_gradient(X, y, w, b):
    """Assert that mse_gradient agrees with the numerical gradient at (w, b)."""
    exact_w, exact_b = mse_gradient(X, y, w, b)
    approx_w, approx_b = numerical_gradient(X, y, w, b)
    assert np.shape(exact_w) == np.shape(w), f"dL/dw must have the shape of w, {np.shape(w)}"
    assert np.allclose(exact_w, approx_w, rtol=1e-5, atol=1e-6), f"dL/dw {exact_w} vs numerical {approx_w}"
    assert np.isclose(exact_b, approx_b, rtol=1e-5, atol=1e-6), f"dL/db {exact_b} vs numerical {approx_b}"

# %% [ko]
def numerical_gradient(X, y, w, b, h=1e-6):
    """mse_loss만으로 (dL/dw, dL/db)를 중심 차분으로 근사해요."""
    w = np.asarray(w, dtype=float)
    grad_w = np.zeros_like(w)
    for j in range(len(w)):
        step = np.zeros_like(w)
        step[j] = h
        grad_w[j] = (mse_loss(X, y, w + step, b) - mse_loss(X, y, w - step, b)) / (2 * h)
    grad_b = (mse_loss(X, y, w, b + h) - mse_loss(X, y, w, b - h)) / (2 * h)
    return grad_w, grad_b


def check_gradient(X, y, w, b):
    """(w, b)에서 mse_gradient가 수치 기울기와 일치하는지 확인해요."""
    exact_w, exact_b = mse_gradient(X, y, w, b)
    approx_w, approx_b = numerical_gradient(X, y, w, b)
    assert np.shape(exact_w) == np.shape(w), f"dL/dw는 w와 모양이 같아야 해요: {np.shape(w)}"
    assert np.allclose(exact_w, approx_w, rtol=1e-5, atol=1e-6), f"dL/dw {exact_w}, 수치 기울기 {approx_w}"
    assert np.isclose(exact_b, approx_b, rtol=1e-5, atol=1e-6), f"dL/db {exact_b}, 수치 기울기 {approx_b}"


# %% [solution] mse_gradient

# %% [docstring ko] mse_gradient
# 평균 제곱 오차의 정확한 기울기 (dL/dw, dL/db).

# %% [tests] mse_gradient
assert np.allclose(mse_gradient(X_small, y_small, w_small, 2.0)[0], [-3.0, -4.0]), (
    "(2/3) * X.T @ [-.5, -.5, -.5]"
)
assert np.isclose(mse_gradient(X_small, y_small, w_small, 2.0)[1], -1.0), "(2/3) * (-1.5)"
check_gradient(X_small, y_small, w_small, 2.0)
check_gradient(X, y, np.array([0.1]), -0.4)
check_gradient(X, y, np.array([0.25]), 1.0)
print("mse_gradient: all checks passed")

# %% [tests ko] mse_gradient
assert np.allclose(mse_gradient(X_small, y_small, w_small, 2.0)[0], [-3.0, -4.0]), (
    "(2/3) * X.T @ [-.5, -.5, -.5]이어야 해요"
)
assert np.isclose(mse_gradient(X_small, y_small, w_small, 2.0)[1], -1.0), "(2/3) * (-1.5)이어야 해요"
check_gradient(X_small, y_small, w_small, 2.0)
check_gradient(X, y, np.array([0.1]), -0.4)
check_gradient(X, y, np.array([0.25]), 1.0)
print("mse_gradient: 모든 확인을 통과했어요")

# %% [markdown]
# ## 5. Gradient descent
#
# Now put it together: start from $w = w_0$ (zeros when `w0` is `None`) and $b = b_0$, and repeat
# `iterations` times
#
# $$w \leftarrow w - \eta\, \nabla_w L(w, b), \qquad
# b \leftarrow b - \eta\, \frac{\partial L}{\partial b}(w, b),$$
#
# computing both partial derivatives at the *same* point $(w, b)$ before changing either.
#
# **Your task.** Implement `fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0)`
# returning `(w, b, losses)`, where `losses` is a list of `iterations + 1` floats: `losses[0]` is
# the loss at the start and `losses[k]` the loss after `k` updates. Reuse your functions from
# above.
#
# Example: on `X_small`, `y_small` from zeros, the gradient is $(8/3, 8/3)$ for $w$ and $0$ for
# $b$, so one step with $\eta = 0.03$ gives $w = (-0.08, -0.08)$, $b = 0$.
#
# For comparison, the exact minimiser of the mean squared error can also be computed directly, by
# least squares on the columns $[x, 1]$. Gradient descent should end up there.

# %% [markdown ko]
# ## 5. 경사 하강법
#
# 이제 모두 합쳐요: $w = w_0$(`w0`가 `None`이면 0 벡터)과 $b = b_0$에서 출발해 다음을 `iterations`번
# 반복해요.
#
# $$w \leftarrow w - \eta\, \nabla_w L(w, b), \qquad
# b \leftarrow b - \eta\, \frac{\partial L}{\partial b}(w, b),$$
#
# 두 편미분은 어느 쪽도 바꾸기 전에 *같은* 점 $(w, b)$에서 계산해야 해요.
#
# **과제.** `(w, b, losses)`를 반환하는 `fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0)`를
# 구현하세요. `losses`는 float `iterations + 1`개의 리스트로, `losses[0]`은 출발점의 손실이고
# `losses[k]`는 `k`번 업데이트한 뒤의 손실이에요. 위에서 작성한 함수들을 다시 쓰세요.
#
# 예: `X_small`, `y_small`에서 0부터 출발하면 기울기는 $w$에 대해 $(8/3, 8/3)$, $b$에 대해 $0$이므로,
# $\eta = 0.03$으로 한 스텝 가면 $w = (-0.08, -0.08)$, $b = 0$이 돼요.
#
# 비교를 위해, 평균 제곱 오차를 정확히 최소화하는 값은 열 $[x, 1]$에 대한 최소 제곱법으로 바로 계산할
# 수도 있어요. 경사 하강법도 결국 거기에 도착해야 해요.

# %%
least_squares = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)[0]
print(f"least squares: w = {least_squares[0]:.6f}, b = {least_squares[1]:.6f}")

# %% [ko]
least_squares = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)[0]
print(f"최소 제곱법: w = {least_squares[0]:.6f}, b = {least_squares[1]:.6f}")

# %% [solution] fit_gradient_descent

# %% [docstring ko] fit_gradient_descent
# MSE에 대한 전체 배치 경사 하강법. (w, b, losses)를 반환하고, losses[k]는 k번 업데이트한 뒤의 손실이에요.

# %% [tests] fit_gradient_descent
assert np.allclose(fit_gradient_descent(X_small, y_small, 0.03, 1)[0], [-0.08, -0.08]), "one step from zeros"
assert np.isclose(fit_gradient_descent(X_small, y_small, 0.03, 1)[1], 0.0), "one step from zeros"
assert len(fit_gradient_descent(X_small, y_small, 0.01, 5)[2]) == 6, "losses has iterations + 1 entries"
assert np.isclose(fit_gradient_descent(X, y, 0.01, 3)[2][0], mse_loss(X, y, np.zeros(1), 0.0)), "losses[0]"
assert np.allclose(np.append(*fit_gradient_descent(X, y, 0.01, 0, w0=[0.2], b0=0.7)[:2]), [0.2, 0.7]), (
    "0 steps"
)
assert np.all(np.diff(fit_gradient_descent(X, y, 0.01, 50)[2]) <= 0), "a small step never increases the loss"
w_start = np.array([0.5])
assert np.isclose(fit_gradient_descent(X, y, 0.01, 1, w0=w_start)[2][0], mse_loss(X, y, w_start, 0.0))
assert np.array_equal(w_start, [0.5]), "fit_gradient_descent must not modify w0 in place"
# After enough steps, gradient descent reaches the least-squares line.
assert np.allclose(np.append(*fit_gradient_descent(X, y, 0.02, 3000)[:2]), least_squares, atol=1e-6)
print("fit_gradient_descent: all checks passed")

# %% [tests ko] fit_gradient_descent
assert np.allclose(fit_gradient_descent(X_small, y_small, 0.03, 1)[0], [-0.08, -0.08]), "0에서 한 스텝"
assert np.isclose(fit_gradient_descent(X_small, y_small, 0.03, 1)[1], 0.0), "0에서 한 스텝"
assert len(fit_gradient_descent(X_small, y_small, 0.01, 5)[2]) == 6, "losses에는 iterations + 1개가 있어야 해요"
assert np.isclose(fit_gradient_descent(X, y, 0.01, 3)[2][0], mse_loss(X, y, np.zeros(1), 0.0)), "losses[0]"
assert np.allclose(np.append(*fit_gradient_descent(X, y, 0.01, 0, w0=[0.2], b0=0.7)[:2]), [0.2, 0.7]), (
    "0스텝"
)
assert np.all(np.diff(fit_gradient_descent(X, y, 0.01, 50)[2]) <= 0), "작은 스텝은 손실을 늘리지 않아요"
w_start = np.array([0.5])
assert np.isclose(fit_gradient_descent(X, y, 0.01, 1, w0=w_start)[2][0], mse_loss(X, y, w_start, 0.0))
assert np.array_equal(w_start, [0.5]), "fit_gradient_descent가 w0를 제자리에서 바꾸면 안 돼요"
# 충분히 반복하면 경사 하강법은 최소 제곱 직선에 도착해요.
assert np.allclose(np.append(*fit_gradient_descent(X, y, 0.02, 3000)[:2]), least_squares, atol=1e-6)
print("fit_gradient_descent: 모든 확인을 통과했어요")

# %% [markdown]
# ### Loss curves and the learning rate
#
# The curvature of this loss is about $78$ along its steepest direction, so (problem set 1)
# learning rates above $2/78 \approx 0.0256$ diverge, and below that limit the flat direction of
# the valley sets the pace. The dashed line is the smallest possible loss, from least squares.

# %% [markdown ko]
# ### 손실 곡선과 학습률
#
# 이 손실의 곡률은 가장 가파른 방향으로 약 $78$이에요. 그래서 (과제 1처럼) $2/78 \approx 0.0256$보다
# 큰 학습률은 발산하고, 그보다 작으면 골짜기의 평평한 방향이 속도를 정해요. 점선은 최소 제곱법으로 구한
# 가장 작은 손실이에요.


# %%
def plot_loss_curves(learning_rates, iterations=300):
    """Loss against iteration (log scale) for each learning rate."""
    best = mse_loss(X, y, least_squares[:1], least_squares[1])
    fig, ax = plt.subplots(figsize=(7, 4))
    for eta in learning_rates:
        ax.semilogy(fit_gradient_descent(X, y, eta, iterations)[2], label=f"$\\eta = {eta}$")
    ax.axhline(best, color="k", linestyle="--", linewidth=1, label="least squares")
    ax.set_xlabel("iteration")
    ax.set_ylabel("MSE (log scale)")
    ax.set_ylim(best / 2, 50)
    ax.legend()
    plt.show()


plot_loss_curves([0.001, 0.005, 0.02, 0.026])

# %% [ko]
def plot_loss_curves(learning_rates, iterations=300):
    """학습률마다 반복 횟수에 따른 손실을 (로그 눈금으로) 그려요."""
    best = mse_loss(X, y, least_squares[:1], least_squares[1])
    fig, ax = plt.subplots(figsize=(7, 4))
    for eta in learning_rates:
        ax.semilogy(fit_gradient_descent(X, y, eta, iterations)[2], label=f"$\\eta = {eta}$")
    ax.axhline(best, color="k", linestyle="--", linewidth=1, label="최소 제곱법")
    ax.set_xlabel("반복 횟수")
    ax.set_ylabel("MSE (로그 눈금)")
    ax.set_ylim(best / 2, 50)
    ax.legend()
    plt.show()


plot_loss_curves([0.001, 0.005, 0.02, 0.026])

# %% [markdown]
# The same descent, seen on the loss landscape: the points below are $(w_k, b_k)$ after
# $k = 0, 1, 2, 5, 10, 20, \dots$ steps with $\eta = 0.02$. The first steps fix the slope (the
# steep direction), then the path crawls along the valley floor to fix the bias.

# %% [markdown ko]
# 같은 경사 하강법을 손실 지형 위에서 보면 이래요: 아래 점들은 $\eta = 0.02$로
# $k = 0, 1, 2, 5, 10, 20, \dots$스텝 간 뒤의 $(w_k, b_k)$예요. 처음 몇 스텝이 기울기(가파른 방향)를
# 맞추고, 그다음 경로는 골짜기 바닥을 따라 기어가며 편향을 맞춰요.

# %%
plot_landscape(
    [
        np.append(*fit_gradient_descent(X, y, 0.02, k)[:2])
        for k in (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 2000)
    ]
)

# %% [markdown]
# ### What the outliers do
#
# Below, the line fitted to all the data and the line fitted without the two outliers. Two wrong
# points out of 42 tilt the whole line: their residuals are large, and the *squared* error gives
# large residuals a large say. Losses that grow more slowly for big residuals (absolute error,
# Huber loss) are more robust; gradient descent minimises them just as well.

# %% [markdown ko]
# ### 이상치가 하는 일
#
# 아래는 모든 데이터에 맞춘 직선과 이상치 두 개를 뺀 데이터에 맞춘 직선이에요. 42개 중 틀린 점 두 개가
# 직선 전체를 기울여요: 그 잔차가 크고, *제곱* 오차는 큰 잔차에 큰 발언권을 주기 때문이에요. 잔차가
# 클 때 더 천천히 커지는 손실(절대 오차, 후버 손실)은 더 강건하고, 경사 하강법으로 똑같이 잘 최소화할
# 수 있어요.


# %%
def plot_fits(learning_rate=0.02, iterations=3000):
    """The data with the lines fitted by your fit_gradient_descent with and without the outliers."""
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.scatter(x_clean, y_clean, s=18, label="data")
    ax.scatter(x_data[-2:], y[-2:], s=40, color="tab:red", label="outliers")
    grid = np.linspace(0, 10, 2)
    for label, features, targets in [("all data", X, y), ("without outliers", X[:-2], y[:-2])]:
        w, b, _ = fit_gradient_descent(features, targets, learning_rate, iterations)
        ax.plot(grid, w[0] * grid + b, label=f"{label}: $y = {w[0]:.3f}x + {b:.3f}$")
    ax.plot(grid, 0.3 * grid + 0.5, "k--", linewidth=1, label="true line $y = 0.3x + 0.5$")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(fontsize=8)
    plt.show()


plot_fits()

# %% [ko]
def plot_fits(learning_rate=0.02, iterations=3000):
    """여러분의 fit_gradient_descent로 이상치를 넣고/빼고 맞춘 직선을 데이터와 함께 그려요."""
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.scatter(x_clean, y_clean, s=18, label="데이터")
    ax.scatter(x_data[-2:], y[-2:], s=40, color="tab:red", label="이상치")
    grid = np.linspace(0, 10, 2)
    for label, features, targets in [("모든 데이터", X, y), ("이상치 제외", X[:-2], y[:-2])]:
        w, b, _ = fit_gradient_descent(features, targets, learning_rate, iterations)
        ax.plot(grid, w[0] * grid + b, label=f"{label}: y = {w[0]:.3f}x + {b:.3f}")
    ax.plot(grid, 0.3 * grid + 0.5, "k--", linewidth=1, label="참 직선 y = 0.3x + 0.5")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(fontsize=8)
    plt.show()


plot_fits()

# %% [markdown]
# ## Summary
#
# * Fitting a model means minimising a loss over its parameters; for linear regression with the
#   mean squared error the gradient is $\frac2m X^\top (\hat y - y)$ and $\frac2m \sum (\hat y - y)$.
# * Always check a hand-derived gradient against a numerical one.
# * The shape of the loss (its curvature in different directions) bounds the learning rate and
#   sets the speed, exactly as for $x^2 + 10y^2$ in problem set 1.
# * The squared error is sensitive to outliers.
#
# Next (problem set 3): when $m$ is large, computing the full gradient at every step is expensive.
# Stochastic gradient descent uses one sample, or a few, at a time.

# %% [markdown ko]
# ## 정리
#
# * 모델을 학습한다는 것은 파라미터에 대해 손실을 최소화하는 것이에요. 평균 제곱 오차를 쓰는 선형
#   회귀의 기울기는 $\frac2m X^\top (\hat y - y)$와 $\frac2m \sum (\hat y - y)$예요.
# * 손으로 유도한 기울기는 늘 수치 기울기와 비교해 확인하세요.
# * 손실의 모양(방향마다 다른 곡률)이 학습률의 한계와 속도를 정해요. 과제 1의 $x^2 + 10y^2$와 똑같아요.
# * 제곱 오차는 이상치에 민감해요.
#
# 다음(과제 3): $m$이 크면 매 스텝 전체 기울기를 계산하는 데 비용이 많이 들어요. 확률적 경사
# 하강법(SGD)은 한 번에 샘플 하나, 또는 몇 개(미니배치)만 써요.
