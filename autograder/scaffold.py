"""`autograder new NAME`: a new assignment's files, which pass `autograder check` once released.

Writes, under the course root:

    solutions/<name>/assignment.toml     the manifest (module, graded functions, languages, limits)
    solutions/<name>/<module>.py         the reference solution: two small example functions
    solutions/<name>/test_hidden.py      hidden tests, one example of each helper of autograder.harness
    solutions/<name>/mistakes.py         a catalogue with one known mistake, its texts in EN and KO
    scripts/notebook_templates/<name>.py the notebook template (when the course has that folder)

Then `scripts/build_sources.py --release <name>` builds source/ and release/, and `autograder check
<name>` passes. Replace the examples with the real assignment, keeping each file's shape.
"""

from __future__ import annotations

import re
from pathlib import Path

from autograder.config import Settings
from autograder.course import MANIFEST, NAME
from autograder.messages import Text


class ScaffoldError(ValueError):
    """The assignment cannot be created (bad name, or it exists already)."""


MANIFEST_TEXT = """\
# {name}: what the engine needs to know about this assignment (README "For instructors").
title = "{title}"
module = "{module}"                      # the file students fill in
functions = ["gd_step", "minimize"]      # graded, in the notebook's order; points are in test_hidden.py
languages = ["en", "ko"]                 # every message (mistakes.py, localized(...)) exists in each

[limits]
notebook_seconds = 120                   # the released notebook with the reference code, top to bottom
"""

REFERENCE = '''\
"""Reference solution for {name} (instructor-only): the one source of truth for the reference code."""

import numpy as np


def gd_step(x, grad, lr=0.1):
    """One gradient-descent step: x - lr * grad, as a new float array."""
    return np.asarray(x, dtype=float) - lr * np.asarray(grad, dtype=float)


def minimize(grad_fn, x0, lr=0.1, iterations=10):
    """`iterations` gradient-descent steps from x0 with gd_step; returns the final point."""
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = gd_step(x, grad_fn(x), lr)
    return x
'''

HIDDEN_TESTS = '''\
"""Hidden tests for {name} (instructor-only). Expected values always come from `reference`."""

import numpy as np
import pytest

from autograder.harness import (
    Mismatch,
    describe_type,
    expect_close,
    expect_grad_calls,
    expect_unchanged,
    graded,
    quadratic,
)
from autograder.messages import localized


# title: what students read as the test's name, in every language of the manifest.
@graded("gd_step", points=1, title=localized(en="example", ko="예제"))
def test_gd_step_example(student, reference):
    # expect_close: within the contract's tolerance; the message shows the call and both values.
    x, g = np.array([1.0, -2.0]), np.array([0.5, 4.0])
    expect_close(student.gd_step(x, g, lr=0.1), reference.gd_step(x, g, lr=0.1))


@pytest.mark.parametrize("seed", range(2))
@graded("gd_step", points=1, title=localized(en="random", ko="무작위 입력"))
def test_gd_step_random(student, reference, seed):
    # reveal=False: hidden random inputs, so the message does not give the expected numbers away.
    rng = np.random.default_rng(seed)
    x, g = rng.normal(size=(2, 4))
    expect_close(student.gd_step(x, g, 0.05), reference.gd_step(x, g, 0.05), reveal=False)


@graded(
    "gd_step", points=1,
    title=localized(en="returns an array and keeps its inputs", ko="배열을 반환하고 입력은 그대로"),
)
def test_gd_step_returns_an_array_and_keeps_its_inputs(student, reference):
    # student.call(..., inputs_after=True) + expect_unchanged: arguments must not change in place.
    x, g = np.array([1.0, 2.0]), np.array([0.1, 0.2])
    call = student.call("gd_step", x, g, 0.1, inputs_after=True)
    if not isinstance(call.value, np.ndarray):
        # A hidden test's own words, in every language of the manifest.
        raise Mismatch(
            localized(
                en=f"gd_step should return a NumPy array, not {{describe_type(call.value)}}",
                ko=f"gd_step은 NumPy 배열을 돌려줘야 해요. 받은 값: {{describe_type(call.value)}}",
            )
        )
    expect_close(call.value, reference.gd_step(x, g, 0.1))
    expect_unchanged(call, [x, g], ["x", "grad"])


@graded("minimize", points=1, title=localized(en="quadratic", ko="이차 함수"))
def test_minimize_quadratic(student, reference):
    # Gradients passed to student code come from autograder.harness (quadratic, rosenbrock, quartic).
    grad = quadratic([[2.0, 0.0], [0.0, 1.0]], [1.0, -1.0])
    expect_close(student.minimize(grad, [0.0, 0.0], 0.2, 15), reference.minimize(grad, [0.0, 0.0], 0.2, 15))


@graded(
    "minimize", points=1,
    title=localized(en="calls the gradient once per step", ko="스텝마다 기울기를 한 번씩 호출"),
)
def test_minimize_calls_the_gradient_once_per_step(student, reference):
    # expect_grad_calls: the worker counts the calls; demand the right point too.
    grad = quadratic(np.eye(2), np.ones(2))
    call = student.call("minimize", grad, np.zeros(2), 0.1, 7)
    expect_close(call.value, reference.minimize(grad, np.zeros(2), 0.1, 7))
    expect_grad_calls(call, 7)
'''

MISTAKES = '''\
"""Known mistakes in {name} (instructor-only): each a mutant of the reference, with its texts."""

import numpy as np

from autograder.diagnose import MistakeCatalog

mistakes = MistakeCatalog()

UPHILL = {{
    "name": {{"en": "step goes uphill", "ko": "오르막으로 가는 스텝"}},
    "explanation": {{
        "en": "{{function}} adds lr * grad to x, so it climbs instead of descending.",
        "ko": "{{function}}이(가) x에 lr * grad를 더해서 내려가지 않고 올라가요.",
    }},
    "hint": {{"en": "Subtract the step: x - lr * grad.", "ko": "스텝을 빼세요: x - lr * grad."}},
}}


@mistakes.mistake("gd_step", "{name}_uphill", texts=UPHILL)
def gd_step_uphill(x, grad, lr=0.1):
    return np.asarray(x, dtype=float) + lr * np.asarray(grad, dtype=float)


@mistakes.mistake("minimize", "{name}_uphill", texts=UPHILL)
def minimize_uphill(grad_fn, x0, lr=0.1, iterations=10):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = gd_step_uphill(x, grad_fn(x), lr)
    return x
'''

TEMPLATE = '''\
# ruff: noqa: F821
# Template of the {name} notebook, read by scripts/build_sources.py (percent format, English cells with
# their Korean twins `[markdown ko]`, `[tests ko] NAME`, `[docstring ko]`). `# %% [solution] NAME` becomes
# the answer cell of NAME, filled from solutions/{name}/{module}; `# %% [tests] NAME` becomes a read-only
# check cell (the visible checks, which must fail on the stub).

# %% [docstring ko]
# 경사 하강법 스텝 한 번과 그것으로 만든 최소화 함수.

# %% [markdown]
# # {title}
#
# Replace each `raise NotImplementedError(...)` with your code and run the check cell after it.

# %% [markdown ko]
# # {title}
#
# 각 `raise NotImplementedError(...)`를 여러분의 코드로 바꾸고 바로 다음 확인 셀을 실행하세요.

# %%
import numpy as np

# %% [markdown]
# **Your task.** `gd_step(x, grad, lr=0.1)` returns `x - lr * grad` as a new array.

# %% [markdown ko]
# **할 일.** `gd_step(x, grad, lr=0.1)`은 `x - lr * grad`를 새 배열로 반환해요.

# %% [solution] gd_step

# %% [docstring ko] gd_step
# 경사 하강법 스텝 한 번: x - lr * grad를 새 실수 배열로 반환해요.

# %% [tests] gd_step
assert np.allclose(gd_step(np.array([1.0, -2.0]), np.array([0.5, 4.0])), [0.95, -2.4]), "one step"
print("gd_step: all checks passed")

# %% [tests ko] gd_step
assert np.allclose(gd_step(np.array([1.0, -2.0]), np.array([0.5, 4.0])), [0.95, -2.4]), "스텝 한 번"
print("gd_step: 모든 확인을 통과했어요")

# %% [markdown]
# **Your task.** `minimize(grad_fn, x0, lr=0.1, iterations=10)` makes `iterations` steps with
# `gd_step` and returns the final point.

# %% [markdown ko]
# **할 일.** `minimize(grad_fn, x0, lr=0.1, iterations=10)`은 `gd_step`으로 `iterations`번 이동한 뒤
# 마지막 점을 반환해요.

# %% [solution] minimize

# %% [docstring ko] minimize
# x0에서 gd_step으로 경사 하강법을 iterations번 실행하고 마지막 점을 반환해요.

# %% [tests] minimize
assert np.allclose(minimize(lambda p: 2 * p, [1.0], lr=0.25, iterations=2), [0.25]), "two steps"
print("minimize: all checks passed")

# %% [tests ko] minimize
assert np.allclose(minimize(lambda p: 2 * p, [1.0], lr=0.25, iterations=2), [0.25]), "스텝 두 번"
print("minimize: 모든 확인을 통과했어요")
'''


def default_module(name: str) -> str:
    """'ps6_newton' -> 'newton.py'; a name without a psN_ prefix is its own module name."""
    return re.sub(r"^ps\d+_", "", name) + ".py"


def scaffold(settings: Settings, name: str, module: str | None = None) -> list[Path]:
    """Write the new assignment's files; return their paths. Never overwrites anything."""
    module = module or default_module(name)
    if not NAME.match(name):
        raise ScaffoldError(Text("scaffold.bad_name", name=repr(name)))
    if not module.endswith(".py") or not NAME.match(module[:-3]):
        raise ScaffoldError(Text("scaffold.bad_module", module=repr(module)))
    folder = settings.solutions_dir / name
    templates = settings.course_root / "scripts" / "notebook_templates"
    files = {
        folder / MANIFEST: MANIFEST_TEXT,
        folder / module: REFERENCE,
        folder / "test_hidden.py": HIDDEN_TESTS,
        folder / "mistakes.py": MISTAKES,
    }
    if templates.is_dir():
        files[templates / f"{name}.py"] = TEMPLATE
    existing = [p for p in files if p.exists()]
    if existing or folder.exists():
        raise ScaffoldError(Text("scaffold.exists", path=str(existing[0] if existing else folder)))
    title = name.replace("_", " ")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.format(name=name, module=module, title=title), encoding="utf-8")
    return list(files)
