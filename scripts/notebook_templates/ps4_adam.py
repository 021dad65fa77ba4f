# ruff: noqa: F821, F811
# Template of the ps4_adam notebook, read by scripts/build_sources.py (percent format;
# the format, with its Korean twins `[markdown ko]`, `[tests ko] NAME`, `[ko]`, `[docstring ko] NAME`,
# is described at the top of that script). `# %% [solution] NAME` becomes the answer cell of NAME, filled
# from solutions/; `# %% [tests] NAME` becomes a read-only check cell. The graded functions are not
# defined here, hence the noqa above. Code that calls them or plots lives in functions, so the
# autograder skips it when reading a notebook.

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


# %%
def make_quadratic(curvature):
    """f(x, y) = (x**2 + curvature * y**2) / 2 and its gradient, as two functions of a point."""

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

# %% [solution] adam_step

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

# %% [markdown]
# ## 4. A whole run
#
# **Your task.** Implement `minimize_adam(grad_fn, x0, lr=0.001, iterations=1000, beta1=0.9,
# beta2=0.999, eps=1e-8)`: start from `x0` with $m = v = 0$, make `iterations` Adam steps with the
# gradient `grad_fn(theta)` at the current point and $t = 1, 2, \dots$, and return the final point
# as a float array. Use your `adam_step`.

# %% [solution] minimize_adam

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

# %% [markdown]
# ## 5. The three methods on the ill-conditioned quadratic
#
# Each method gets 150 steps from $(-4, 1)$ with a learning rate suited to it: gradient descent and
# momentum at $0.019$, just under their stability limit $2/\kappa$; Adam at $0.1$, a typical
# distance per step. The Adam path is computed by your `minimize_adam`, run for $0, 1, 2, \dots$
# iterations.


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
