# ruff: noqa: F821, F811
# Template of the ps3_sgd notebook, read by scripts/build_sources.py (percent format;
# the format, with its Korean twins `[markdown ko]`, `[tests ko] NAME`, `[ko]`, `[docstring ko] NAME`,
# is described at the top of that script). `# %% [solution] NAME` becomes the answer cell of NAME, filled
# from solutions/; `# %% [tests] NAME` becomes a read-only check cell. The graded functions are not
# defined here, hence the noqa above. Code that calls them or plots lives in functions, so the
# autograder skips it when reading a notebook.

# %% [docstring ko]
# t0 / (t + t1) 학습률 스케줄을 쓰는 결정적인 미니배치 SGD.

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

# %% [markdown ko]
# # 과제 3: 확률적 경사 하강법
#
# 평균 제곱 오차의 기울기는 샘플 $m$개 전체에 대한 평균 $\nabla L = \frac1m \sum_i \nabla \ell_i$예요.
# 과제 2에서는 경사 하강법의 스텝마다 $m$개 항을 모두 계산했어요. 샘플이 백만 개라면 작은 스텝
# **하나**에 기울기를 백만 번 계산해야 해요.
#
# **확률적 경사 하강법**(SGD)은 그 평균을 몇 개의 샘플로 추정해요: `batch_size`개 샘플로 된
# **미니배치**, 또는 샘플 하나로요. 스텝 하나하나는 값싸고 잡음이 있지만, 평균적으로는 올바른 방향을
# 가리켜요. 이번 과제에서 작성할 함수는
#
# 1. `learning_schedule`: 학습이 진행될수록 줄어드는 학습률, 그리고
# 2. `fit_sgd`: 선형 회귀를 위한 미니배치 SGD예요.
#
# 그리고 같은 비용에서 SGD와 전체 배치 경사 하강법을 비교해요.
#
# **진행 방법.** 각 `raise NotImplementedError(...)`를 여러분의 코드로 바꾸고, 바로 다음의 읽기 전용
# 확인 셀을 실행하세요. 그래프는 여러분의 함수를 호출해요. 같은 함수를 이 노트북 옆의 `sgd.py`에
# 작성해도 돼요. 둘 중 하나를 제출하세요. 인자로 받은 배열은 바꾸지 마세요.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# ## 1. The data
#
# $m = 200$ samples with two features drawn uniformly from $[0, 2]$ and targets
# $y = 1.5 x_1 - 0.8 x_2 + 0.5$ plus Gaussian noise. `least_squares` is the exact minimiser of the
# mean squared error and `best_loss` its loss: no method can do better on this data.

# %% [markdown ko]
# ## 1. 데이터
#
# $[0, 2]$에서 균등하게 뽑은 특성 두 개를 가진 샘플 $m = 200$개이고, 목표값은
# $y = 1.5 x_1 - 0.8 x_2 + 0.5$에 가우스 잡음을 더한 값이에요. `least_squares`는 평균 제곱 오차를
# 정확히 최소화하는 값이고 `best_loss`는 그 손실이에요: 이 데이터에서 어떤 방법도 이보다 나을 수 없어요.

# %%
rng = np.random.default_rng(1)
X = rng.uniform(0, 2, size=(200, 2))
y = X @ np.array([1.5, -0.8]) + 0.5 + rng.normal(0, 0.3, size=200)
least_squares = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)[0]
best_loss = np.mean((np.column_stack([X, np.ones(len(y))]) @ least_squares - y) ** 2)
print("least squares: w =", least_squares[:2].round(4), " b =", least_squares[2].round(4))
print(f"smallest possible MSE: {best_loss:.5f}")

# %% [ko]
rng = np.random.default_rng(1)
X = rng.uniform(0, 2, size=(200, 2))
y = X @ np.array([1.5, -0.8]) + 0.5 + rng.normal(0, 0.3, size=200)
least_squares = np.linalg.lstsq(np.column_stack([X, np.ones(len(y))]), y, rcond=None)[0]
best_loss = np.mean((np.column_stack([X, np.ones(len(y))]) @ least_squares - y) ** 2)
print("최소 제곱법: w =", least_squares[:2].round(4), " b =", least_squares[2].round(4))
print(f"가능한 가장 작은 MSE: {best_loss:.5f}")

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

# %% [markdown ko]
# ## 2. 줄어드는 학습률
#
# 학습률이 고정되어 있으면 SGD는 결코 자리를 잡지 못해요: 최솟값에서도 샘플 하나의 기울기는 0이
# 아니라서, 스텝마다 파라미터를 다시 밀어내요. 해결책은 학습이 진행될수록 스텝을 줄이는 것이에요.
# $t$번 업데이트한 뒤의 고전적인 학습률 스케줄은
#
# $$\eta_t = \frac{t_0}{t + t_1}$$
#
# 이에요. $t_0 / t_1$에서 시작해 $1/t$처럼 줄어들어요: SGD가 여전히 어디든 갈 수 있을 만큼 천천히
# ($\sum_t \eta_t = \infty$), 그리고 잡음이 평균으로 상쇄될 만큼 빠르게($\sum_t \eta_t^2 < \infty$)
# 줄어들죠. 기본값 $t_0 = 5$, $t_1 = 50$이면 $0.1$에서 시작해요.
#
# **과제.** `learning_schedule(t, t0=5.0, t1=50.0)`을 구현하세요.

# %% [solution] learning_schedule

# %% [docstring ko] learning_schedule
# t번 업데이트한 뒤의 학습률: t0 / (t + t1).

# %% [tests] learning_schedule
assert np.isclose(learning_schedule(0), 0.1), "t0 / t1 with the defaults"
assert np.isclose(learning_schedule(50), 0.05), "halved after t1 updates"
assert np.isclose(learning_schedule(10, t0=1.0, t1=10.0), 0.05)
assert np.isclose(learning_schedule(3, 2.0, 1.0), 0.5), "t0 and t1 may be passed by position"
assert learning_schedule(1001) < learning_schedule(1000), "the rate decreases"
print("learning_schedule: all checks passed")

# %% [tests ko] learning_schedule
assert np.isclose(learning_schedule(0), 0.1), "기본값이면 t0 / t1이에요"
assert np.isclose(learning_schedule(50), 0.05), "t1번 업데이트한 뒤에는 절반이 돼요"
assert np.isclose(learning_schedule(10, t0=1.0, t1=10.0), 0.05)
assert np.isclose(learning_schedule(3, 2.0, 1.0), 0.5), "t0와 t1은 위치 인자로도 받을 수 있어야 해요"
assert learning_schedule(1001) < learning_schedule(1000), "학습률은 줄어들어야 해요"
print("learning_schedule: 모든 확인을 통과했어요")


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

# %% [ko]
def plot_schedules(settings, updates=5000):
    """(t0, t1)마다 업데이트 횟수 t에 따른 학습률을 그려요."""
    ts = np.arange(updates)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for t0, t1 in settings:
        ax.loglog(ts + 1, [learning_schedule(t, t0, t1) for t in ts], label=f"$t_0 = {t0}$, $t_1 = {t1}$")
    ax.set_xlabel("업데이트 t + 1 (로그 눈금)")
    ax.set_ylabel("학습률 ηₜ (로그 눈금)")
    ax.set_title("t ≪ t₁이면 평평하고, 그 뒤에는 1/t처럼 줄어들어요")
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

# %% [markdown ko]
# ## 3. 미니배치 SGD
#
# 모델과 손실 함수는 과제 2와 같아요: $\hat y = Xw + b$, $L = \mathrm{mean}((\hat y - y)^2)$.
# **에포크** 하나는 데이터를 무작위 순서로 한 번 훑는 것이에요. 결과를 재현할 수 있도록(그리고 채점할
# 수 있도록) `fit_sgd`는 정확히 다음 절차를 따라야 해요.
#
# 1. `rng = np.random.default_rng(seed)`; `w0`(`None`이면 0 벡터)와 `b0`에서 출발하고 `t = 0`으로 둬요.
# 2. 에포크마다: `order = rng.permutation(m)`; 그다음 `order`를 길이 `batch_size`의 연속 조각 `idx`로
#    나눠(`order[0:batch_size]`, `order[batch_size:2*batch_size]`, ...; 마지막 조각은 더 짧을 수 있어요)
#    조각마다
#    * 배치 `X[idx]`, `y[idx]`만으로 MSE의 기울기를 계산하고(과제 2의 공식에서 $m$을 배치 크기로
#      바꾼 것),
#    * `eta = learning_schedule(t, t0, t1)`로 두고,
#    * `w`와 `b`를 그 기울기의 `-eta`배만큼 업데이트한 뒤 `t += 1`을 해요.
# 3. 에포크가 끝날 때마다 **전체** 데이터에 대한 MSE를 기록해요.
#
# `len(losses) == epochs + 1`인 `(w, b, losses)`를 반환하세요. `losses[0]`은 출발점의 손실이에요.
# `t`는 에포크가 아니라 업데이트를 세고, 에포크가 바뀌어도 계속 이어서 센다는 점에 주의하세요.
#
# 눈여겨볼 특별한 경우가 두 가지 있어요: `batch_size=m`이면 에포크 하나가 정확히 (학습률 $\eta_t$인)
# 전체 배치 경사 하강법의 한 스텝이에요. 샘플이 하나이면, $X = [[2]]$, $y = [1]$에서 0부터 크기
# $0.1$로 가는 첫 스텝의 기울기는 $(-4, -2)$라서 $w = (0.4)$, $b = 0.2$가 되고 완벽하게 맞아요.

# %% [solution] fit_sgd

# %% [docstring ko] fit_sgd
# default_rng(seed)로 에포크마다 섞는 미니배치 SGD. 에포크별 (w, b, losses)를 반환해요.

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

# %% [tests ko] fit_sgd
assert np.allclose(fit_sgd(np.array([[2.0]]), np.array([1.0]), 1)[0], [0.4]), "샘플 하나, 한 스텝"
assert np.isclose(fit_sgd(np.array([[2.0]]), np.array([1.0]), 1)[1], 0.2), "샘플 하나, 한 스텝"
assert np.allclose(fit_sgd(np.array([[2.0]]), np.array([1.0]), 1)[2], [1.0, 0.0]), "업데이트 전/후의 손실"
assert len(fit_sgd(X, y, 3, batch_size=16)[2]) == 4, "losses에는 epochs + 1개가 있어야 해요"
assert np.allclose(np.append(*fit_sgd(X, y, 0, w0=[1.0, 2.0], b0=3.0)[:2]), [1.0, 2.0, 3.0]), "0 에포크"
# batch_size = m: 에포크 하나는 0에서 출발해 크기 t0 / t1 = 0.1로 가는 전체 배치 경사 하강법의 한 스텝이에요.
assert np.allclose(fit_sgd(X, y, 1, batch_size=len(y))[0], 0.1 * (2 / len(y)) * X.T @ y)
assert np.allclose(fit_sgd(X, y, 2, seed=7)[0], fit_sgd(X, y, 2, seed=7)[0]), "같은 seed면 같은 결과여야 해요"
assert not np.allclose(fit_sgd(X, y, 2, seed=7)[0], fit_sgd(X, y, 2, seed=8)[0]), "seed를 쓰세요"


def check_every_batch_counts():
    """샘플이 모두 같으면, 배치와 상관없이 업데이트마다 (w + b - 1)에 (1 - 4 eta_t)가 곱해져요."""
    w, b, _ = fit_sgd(np.ones((5, 1)), np.ones(5), epochs=2, batch_size=2)
    expected = -np.prod([1 - 4 * learning_schedule(t) for t in range(6)])  # 에포크마다 배치 3개
    assert np.isclose(w[0] + b - 1, expected), (
        "모든 배치를 쓰고(마지막 배치는 더 짧을 수 있어요), t는 에포크를 넘어 계속 세세요"
    )


check_every_batch_counts()
X_copy, y_copy = X.copy(), y.copy()
assert np.allclose(np.append(*fit_sgd(X, y, 30, batch_size=4)[:2]), least_squares, atol=0.02), "수렴해야 해요"
assert np.array_equal(X, X_copy) and np.array_equal(y, y_copy), "fit_sgd가 X나 y를 바꾸면 안 돼요"
print("fit_sgd: 모든 확인을 통과했어요")

# %% [markdown]
# ## 4. SGD against full-batch gradient descent, at the same cost
#
# Every curve below touches each sample once per epoch, so an epoch costs the same number of
# per-sample gradients for all of them. Full-batch gradient descent (`batch_size=200`) makes one
# careful step per epoch; SGD (`batch_size=1`) makes 200 noisy ones. We plot the **excess loss**,
# the MSE minus the smallest possible MSE, on a log scale.

# %% [markdown ko]
# ## 4. 같은 비용에서 SGD와 전체 배치 경사 하강법 비교
#
# 아래의 모든 곡선은 에포크마다 각 샘플을 한 번씩 쓰므로, 에포크 하나에 드는 샘플별 기울기 계산 횟수가
# 모두 같아요. 전체 배치 경사 하강법(`batch_size=200`)은 에포크마다 신중한 스텝 하나를 가고, SGD
# (`batch_size=1`)는 잡음 섞인 스텝 200개를 가요. **초과 손실**, 즉 MSE에서 가능한 가장 작은 MSE를 뺀
# 값을 로그 눈금으로 그려요.


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

# %% [ko]
def plot_batch_sizes(batch_sizes, epochs=50):
    """배치 크기마다 fit_sgd의 에포크별 초과 손실을 그려요(기본 스케줄)."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for batch_size in batch_sizes:
        losses = np.array(fit_sgd(X, y, epochs, batch_size=batch_size)[2])
        name = "전체 배치" if batch_size == len(y) else f"배치 크기 {batch_size}"
        ax.semilogy(
            losses - best_loss, marker=".", markersize=4, label=f"{name}: 에포크당 {len(y) // batch_size}스텝"
        )
    ax.set_xlabel("에포크")
    ax.set_ylabel("MSE - 가장 작은 MSE (로그 눈금)")
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

# %% [markdown ko]
# 데이터를 한 번 훑을 때마다 비교하면 SGD가 훨씬 앞서요: 에포크 하나 만에 가장 작은 손실과의 차이가
# 약 $0.01$ 안으로 들어오는데, 전체 배치 경사 하강법은 한 스텝만 가서 아직 $1$에 있어요. 신경망을
# 미니배치로 학습하는 이유가 이것이에요. 크기 20인 미니배치도 에포크당 성능은 거의 비슷하고, 실제
# 하드웨어에서 배치 20개의 비용은 샘플 하나와 별 차이가 없어요(벡터화된 연산).
#
# ### 학습률 스케줄이 중요한 이유
#
# **고정** 학습률은 스케줄의 특별한 경우예요: $t_1$이 아주 크면 학습 내내
# $t_0 / (t + t_1) \approx t_0 / t_1$이에요. 아래는 고정 학습률 $0.1$, $0.02$인 SGD와 줄어드는 기본
# 스케줄을 비교해요. 고정 학습률은 빠르게 가까워지지만 그 뒤로는 최솟값 주위를 계속 튀어 다녀요.
# 학습률이 클수록 더 크게 튀어요. 줄어드는 학습률은 계속 나아져요.


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

# %% [ko]
def plot_constant_rates(rates, epochs=50, horizon=1e9):
    """고정 학습률 SGD(배치 1)의 에포크별 초과 손실을 기본 스케줄과 비교해 그려요."""
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.semilogy(np.array(fit_sgd(X, y, epochs)[2]) - best_loss, label="줄어드는 학습률: 5 / (t + 50)")
    for rate in rates:
        losses = np.array(fit_sgd(X, y, epochs, t0=rate * horizon, t1=horizon)[2])
        ax.semilogy(losses - best_loss, label=f"고정 학습률 {rate}")
    ax.set_xlabel("에포크")
    ax.set_ylabel("MSE - 가장 작은 MSE (로그 눈금)")
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

# %% [markdown ko]
# ## 정리
#
# * SGD는 전체 기울기를 작은 무작위 배치의 기울기로 바꿔요: 스텝이 훨씬 값싸고, 하나하나는 잡음이
#   있지만 평균적으로는 맞아요.
# * 데이터를 한 번 훑을 때마다 비교하면 SGD와 미니배치 SGD가 전체 배치 경사 하강법보다 훨씬 많이
#   나아가요.
# * 학습률이 고정되면 SGD는 최솟값 주위를 맴돌아요. $t_0 / (t + t_1)$ 같은 줄어드는 스케줄이 있어야
#   수렴해요.
#
# 다음(과제 4): 파라미터마다 스텝 크기를 스스로 조절하는 Adam.
