# ruff: noqa: F821
# Template of the ps1_gradient_descent notebook, read by scripts/build_sources.py (percent format).
# `# %% [solution] NAME` becomes the answer cell of NAME, filled from solutions/; `# %% [tests] NAME`
# becomes a read-only check cell. The graded functions are not defined here, hence the noqa above.
# Code that calls them or plots lives in functions, so the autograder skips it when reading a notebook.

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

# %% [solution] get_minimizer_x

# %% [tests] get_minimizer_x
assert get_minimizer_x(0, 0.01, 3) == 3, "zero iterations must return the starting point"
assert np.isclose(get_minimizer_x(10, 0.01, 3), 2.451218, rtol=0, atol=1e-6)
assert np.isclose(get_minimizer_x(10, 0.2, 3), 0.01814, rtol=0, atol=1e-6)
assert np.isclose(get_minimizer_x(1, 0.25, -4), -2.0), "one step with eta = 0.25 halves x"
assert get_minimizer_x(3, 0.1, 1) == round(0.8**3, 6), "the result must be rounded to 6 decimals"
print("get_minimizer_x: all checks passed")

# %% [markdown]
# ### Watching the iterates
#
# Because every step multiplies $x$ by the same factor, $x_k = (1 - 2\eta)^k x_0$ decays
# geometrically. The plot shows $x_k$ for a few learning rates, computed with your function
# (`get_minimizer_x(k, eta, 3)` for each $k$).


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

# %% [solution] gradient_descent

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

# %% [markdown]
# ### A narrow valley
#
# On $f(x, y) = x^2 + 10 y^2$ the curvature is 2 along $x$ but 20 along $y$, so any learning rate
# above $2/20 = 0.1$ diverges along $y$, while along $x$ a rate that small makes slow progress.
# Near the limit, the iterates zig-zag across the valley. The helper below collects the whole path
# with your `gradient_descent`, by running it for $0, 1, 2, \dots$ iterations (wasteful, but it
# lets the plots use exactly your function).


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
