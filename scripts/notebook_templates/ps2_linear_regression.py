# ruff: noqa: F821
# Template of the ps2_linear_regression notebook, read by scripts/build_sources.py (percent format).
# `# %% [solution] NAME` becomes the answer cell of NAME, filled from solutions/; `# %% [tests] NAME`
# becomes a read-only check cell. The graded functions are not defined here, hence the noqa above.
# Code that calls them or plots lives in functions, so the autograder skips it when reading a notebook.

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

# %% [solution] predict

# %% [tests] predict
X_small = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
w_small = np.array([0.5, -1.0])
y_small = np.array([1.0, 0.0, -1.0])
assert np.allclose(predict(X_small, w_small, 2.0), [0.5, -0.5, -1.5])
assert predict(X_small, w_small, 2.0).shape == (3,), "one prediction per row: shape (m,)"
assert np.allclose(predict(X, np.array([0.3]), 0.5), 0.3 * x_data + 0.5)
print("predict: all checks passed")

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

# %% [solution] mse_loss

# %% [tests] mse_loss
assert np.isclose(mse_loss(X_small, y_small, w_small, 2.0), 0.25), "residuals are -0.5, -0.5, -0.5"
assert np.isclose(mse_loss(X_small, [0.5, -0.5, -1.5], w_small, 2.0), 0.0), "a perfect fit has loss 0"
assert isinstance(mse_loss(X_small, y_small, w_small, 2.0), float), "return a float"
assert np.isclose(mse_loss(X, y, np.zeros(1), 0.0), np.mean(y**2))
print("mse_loss: all checks passed")

# %% [markdown]
# ### The loss landscape
#
# With one feature the loss is a function of two numbers, $w$ and $b$, so we can draw it. It is a
# bowl (a quadratic in $(w, b)$), but a very **elongated** one: changing the slope $w$ moves the
# line a lot at $x = 10$, changing $b$ moves it the same everywhere. Remember the narrow valley of
# problem set 1: this shape decides how fast gradient descent can go.


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


# %% [solution] mse_gradient

# %% [tests] mse_gradient
assert np.allclose(mse_gradient(X_small, y_small, w_small, 2.0)[0], [-3.0, -4.0]), (
    "(2/3) * X.T @ [-.5, -.5, -.5]"
)
assert np.isclose(mse_gradient(X_small, y_small, w_small, 2.0)[1], -1.0), "(2/3) * (-1.5)"
check_gradient(X_small, y_small, w_small, 2.0)
check_gradient(X, y, np.array([0.1]), -0.4)
check_gradient(X, y, np.array([0.25]), 1.0)
print("mse_gradient: all checks passed")

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

# %%
least_squares = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)[0]
print(f"least squares: w = {least_squares[0]:.6f}, b = {least_squares[1]:.6f}")

# %% [solution] fit_gradient_descent

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

# %% [markdown]
# ### Loss curves and the learning rate
#
# The curvature of this loss is about $78$ along its steepest direction, so (problem set 1)
# learning rates above $2/78 \approx 0.0256$ diverge, and below that limit the flat direction of
# the valley sets the pace. The dashed line is the smallest possible loss, from least squares.


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

# %% [markdown]
# The same descent, seen on the loss landscape: the points below are $(w_k, b_k)$ after
# $k = 0, 1, 2, 5, 10, 20, \dots$ steps with $\eta = 0.02$. The first steps fix the slope (the
# steep direction), then the path crawls along the valley floor to fix the bias.

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
