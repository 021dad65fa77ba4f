# ruff: noqa: F821, F811
# Template of the ps3_sgd notebook, read by scripts/build_sources.py (percent format;
# the format, with its Korean twins `[markdown ko]`, `[tests ko] NAME`, `[ko]`, `[docstring ko] NAME`,
# is described at the top of that script). `# %% [solution] NAME` becomes the answer cell of NAME, filled
# from solutions/; `# %% [tests] NAME` becomes a read-only check cell. The graded functions are not
# defined here, hence the noqa above. Code that calls them or plots lives in functions, so the
# autograder skips it when reading a notebook.

# %% [markdown]
# # Problem set 3: stochastic gradient descent
#
# The gradient of the mean squared error is an average over all $m$ samples,
# $\nabla L = \frac1m \sum_i \nabla \ell_i$. In problem set 2 every step of gradient descent paid
# for all $m$ terms. With a million samples that is a million gradients for **one** small step.
#
# **Stochastic gradient descent** (SGD) estimates that average from a few samples instead: a
# **mini-batch** of `batch_size` samples, or just one. Each step is cheap and noisy; on average it
# points the right way. In this problem set you write
#
# 1. `learning_schedule`, a learning rate that shrinks as training goes on, and
# 2. `fit_sgd`, mini-batch SGD for linear regression,
#
# and compare SGD with full-batch gradient descent at the same cost.
#
# **How to work.** Replace each `raise NotImplementedError(...)` with your code and run the
# read-only check cell after it. The plots call your functions. You may also write the functions
# in `sgd.py` next to this notebook; submit either file. Do not modify the arrays you are given.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. The data
#
# $m = 200$ samples with two features drawn uniformly from $[0, 2]$ and targets
# $y = 1.5 x_1 - 0.8 x_2 + 0.5$ plus Gaussian noise. `least_squares` is the exact minimiser of the
# mean squared error and `best_loss` its loss: no method can do better on this data.

# %%
rng = np.random.default_rng(1)
X = rng.uniform(0, 2, size=(200, 2))
y = X @ np.array([1.5, -0.8]) + 0.5 + rng.normal(0, 0.3, size=200)
least_squares = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)[0]
best_loss = np.mean((np.column_stack([X, np.ones(len(y))]) @ least_squares - y) ** 2)
print("least squares: w =", least_squares[:2].round(4), " b =", least_squares[2].round(4))
print(f"smallest possible MSE: {best_loss:.5f}")

# %% [markdown]
# ## 2. A decaying learning rate
#
# With a fixed learning rate, SGD never settles: even at the minimum, the gradient of a single
# sample is not zero, so every step kicks the parameters away again. The cure is to shrink the
# steps as training goes on. A classic schedule, after $t$ updates, is
#
# $$\eta_t = \frac{t_0}{t + t_1},$$
#
# which starts at $t_0 / t_1$ and decays like $1/t$: slowly enough that SGD can still travel
# anywhere ($\sum_t \eta_t = \infty$) and fast enough that the noise averages out
# ($\sum_t \eta_t^2 < \infty$). The defaults $t_0 = 5$, $t_1 = 50$ start at $0.1$.
#
# **Your task.** Implement `learning_schedule(t, t0=5.0, t1=50.0)`.

# %% [solution] learning_schedule

# %% [tests] learning_schedule
assert np.isclose(learning_schedule(0), 0.1), "t0 / t1 with the defaults"
assert np.isclose(learning_schedule(50), 0.05), "halved after t1 updates"
assert np.isclose(learning_schedule(10, t0=1.0, t1=10.0), 0.05)
assert np.isclose(learning_schedule(3, 2.0, 1.0), 0.5), "t0 and t1 may be passed by position"
assert learning_schedule(1001) < learning_schedule(1000), "the rate decreases"
print("learning_schedule: all checks passed")


# %%
def plot_schedules(settings, updates=5000):
    """The learning rate against the number of updates t, for each (t0, t1)."""
    ts = np.arange(updates)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for t0, t1 in settings:
        ax.loglog(ts + 1, [learning_schedule(t, t0, t1) for t in ts], label=f"$t_0 = {t0}$, $t_1 = {t1}$")
    ax.set_xlabel("update $t + 1$ (log scale)")
    ax.set_ylabel("learning rate $\\eta_t$ (log scale)")
    ax.set_title("Flat for $t \\ll t_1$, then decaying like $1/t$")
    ax.legend()
    plt.show()


plot_schedules([(5.0, 50.0), (1.0, 10.0), (50.0, 1000.0)])

# %% [markdown]
# ## 3. Mini-batch SGD
#
# Same model and loss as problem set 2: $\hat y = Xw + b$, $L = \mathrm{mean}((\hat y - y)^2)$.
# One **epoch** is one pass over the data in a random order. To make results reproducible (and
# gradable), `fit_sgd` must follow exactly this recipe:
#
# 1. `rng = np.random.default_rng(seed)`; start from `w0` (zeros when `None`) and `b0`; `t = 0`.
# 2. For each epoch: `order = rng.permutation(m)`; then for each consecutive slice `idx` of `order`
#    of length `batch_size` (`order[0:batch_size]`, `order[batch_size:2*batch_size]`, ...; the
#    last one may be shorter):
#    * compute the gradient of the MSE on the batch `X[idx]`, `y[idx]` only (the formula of
#      problem set 2, with $m$ replaced by the batch size);
#    * `eta = learning_schedule(t, t0, t1)`;
#    * update `w` and `b` by `-eta` times that gradient, then `t += 1`.
# 3. After each epoch, record the MSE on the **full** data.
#
# Return `(w, b, losses)` with `len(losses) == epochs + 1`, `losses[0]` being the loss at the start.
# Note that `t` counts updates, not epochs, and keeps counting from one epoch to the next.
#
# Two special cases are worth noticing: with `batch_size=m`, one epoch is exactly one step of
# full-batch gradient descent (with learning rate $\eta_t$); with one sample, the first step of
# size $0.1$ on $X = [[2]]$, $y = [1]$ from zeros has gradient $(-4, -2)$, giving $w = (0.4)$,
# $b = 0.2$, and a perfect fit.

# %% [solution] fit_sgd

# %% [tests] fit_sgd
assert np.allclose(fit_sgd(np.array([[2.0]]), np.array([1.0]), 1)[0], [0.4]), "one sample, one step"
assert np.isclose(fit_sgd(np.array([[2.0]]), np.array([1.0]), 1)[1], 0.2), "one sample, one step"
assert np.allclose(fit_sgd(np.array([[2.0]]), np.array([1.0]), 1)[2], [1.0, 0.0]), "losses before/after"
assert len(fit_sgd(X, y, 3, batch_size=16)[2]) == 4, "losses has epochs + 1 entries"
assert np.allclose(np.append(*fit_sgd(X, y, 0, w0=[1.0, 2.0], b0=3.0)[:2]), [1.0, 2.0, 3.0]), "0 epochs"
# batch_size = m: one epoch is one full-batch gradient step of size t0 / t1 = 0.1, from zeros.
assert np.allclose(fit_sgd(X, y, 1, batch_size=len(y))[0], 0.1 * (2 / len(y)) * X.T @ y)
assert np.allclose(fit_sgd(X, y, 2, seed=7)[0], fit_sgd(X, y, 2, seed=7)[0]), "same seed, same result"
assert not np.allclose(fit_sgd(X, y, 2, seed=7)[0], fit_sgd(X, y, 2, seed=8)[0]), "use the seed"


def check_every_batch_counts():
    """On identical samples every update multiplies (w + b - 1) by (1 - 4 eta_t), whatever the batch."""
    w, b, _ = fit_sgd(np.ones((5, 1)), np.ones(5), epochs=2, batch_size=2)
    expected = -np.prod([1 - 4 * learning_schedule(t) for t in range(6)])  # 3 batches per epoch
    assert np.isclose(w[0] + b - 1, expected), (
        "use every batch (the last may be shorter); count t across epochs"
    )


check_every_batch_counts()
X_copy, y_copy = X.copy(), y.copy()
assert np.allclose(np.append(*fit_sgd(X, y, 30, batch_size=4)[:2]), least_squares, atol=0.02), "converges"
assert np.array_equal(X, X_copy) and np.array_equal(y, y_copy), "fit_sgd must not modify X or y"
print("fit_sgd: all checks passed")

# %% [markdown]
# ## 4. SGD against full-batch gradient descent, at the same cost
#
# Every curve below touches each sample once per epoch, so an epoch costs the same number of
# per-sample gradients for all of them. Full-batch gradient descent (`batch_size=200`) makes one
# careful step per epoch; SGD (`batch_size=1`) makes 200 noisy ones. We plot the **excess loss**,
# the MSE minus the smallest possible MSE, on a log scale.


# %%
def plot_batch_sizes(batch_sizes, epochs=50):
    """Excess loss per epoch of fit_sgd for each batch size (default schedule)."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for batch_size in batch_sizes:
        losses = np.array(fit_sgd(X, y, epochs, batch_size=batch_size)[2])
        name = "full batch" if batch_size == len(y) else f"batch size {batch_size}"
        ax.semilogy(
            losses - best_loss, marker=".", markersize=4, label=f"{name}: {len(y) // batch_size} steps/epoch"
        )
    ax.set_xlabel("epoch")
    ax.set_ylabel("MSE - smallest MSE (log scale)")
    ax.legend()
    plt.show()


plot_batch_sizes([1, 20, len(y)])

# %% [markdown]
# Per pass over the data, SGD is far ahead: after a single epoch it is within about $0.01$ of the
# best loss, where full-batch gradient descent has made a single step and is still at $1$. This is why neural networks
# are trained with mini-batches. Mini-batches of 20 are almost as good per epoch, and on real
# hardware a batch of 20 costs little more than one sample (vectorised arithmetic).
#
# ### Why the schedule matters
#
# A **constant** learning rate is a special case of the schedule: with a huge $t_1$,
# $t_0 / (t + t_1) \approx t_0 / t_1$ for the whole run. Below, SGD with constant rates $0.1$
# and $0.02$ against the decaying default. The constant rates get close quickly but then keep
# bouncing around the minimum; the larger the rate, the larger the bounce. The decaying rate keeps
# improving.


# %%
def plot_constant_rates(rates, epochs=50, horizon=1e9):
    """Excess loss per epoch of SGD (batch 1) with constant rates, against the default schedule."""
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.semilogy(np.array(fit_sgd(X, y, epochs)[2]) - best_loss, label="decaying: $5 / (t + 50)$")
    for rate in rates:
        losses = np.array(fit_sgd(X, y, epochs, t0=rate * horizon, t1=horizon)[2])
        ax.semilogy(losses - best_loss, label=f"constant {rate}")
    ax.set_xlabel("epoch")
    ax.set_ylabel("MSE - smallest MSE (log scale)")
    ax.legend()
    plt.show()


plot_constant_rates([0.1, 0.02])

# %% [markdown]
# ## Summary
#
# * SGD replaces the full gradient by the gradient on a small random batch: much cheaper steps,
#   each one noisy but right on average.
# * Per pass over the data, SGD and mini-batch SGD make far more progress than full-batch descent.
# * With a constant learning rate SGD hovers around the minimum; a decaying schedule such as
#   $t_0 / (t + t_1)$ lets it converge.
#
# Next (problem set 4): Adam, which adapts the step size of every parameter on its own.
