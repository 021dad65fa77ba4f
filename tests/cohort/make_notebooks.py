"""Build the notebook form of cohort submissions from their module form, so the two never drift apart.

For each reference solution (solutions/<assignment>/<module>.py) and each mistake in NOTEBOOK_MISTAKES
(tests/cohort/mistakes/<assignment>__<mistake>.py) this writes tests/cohort/notebooks/<name>.ipynb the
way a student's notebook looks: a markdown cell (the module's docstring and leading comments), a
`%matplotlib inline` cell with the imports, one code cell per top-level function (its exact source
lines), and a plotting cell that calls the functions. Cell ids are fixed, so rebuilding is byte-stable.

Usage (from the course root):
  .venv/bin/python tests/cohort/make_notebooks.py            write the notebooks
  .venv/bin/python tests/cohort/make_notebooks.py --check    write nothing; exit 1 listing stale ones
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
COHORT = Path(__file__).resolve().parent
OUT = COHORT / "notebooks"

REFERENCES = {
    "ps1_gradient_descent": "gradient_descent.py",
    "ps2_linear_regression": "linear_regression.py",
    "ps3_sgd": "sgd.py",
    "ps4_adam": "adam.py",
}
NOTEBOOK_MISTAKES = (
    "ps1_gradient_descent__sign_error_minimizer",
    "ps2_linear_regression__losses_recorded_before_update",
    "ps3_sgd__no_shuffle",
    "ps4_adam__no_bias_correction",
)

# The last cell of each notebook: what a student runs to look at their functions' behaviour. Its
# assignments call the functions, so the grader runs them when it loads the notebook; keep them cheap.
PLOTS = {
    "ps1_gradient_descent": """\
steps = list(range(30))
for rate in (0.01, 0.1, 0.4):
    plt.plot(steps, [get_minimizer_x(k, rate, 3.0) for k in steps], label=f"learning rate {rate}")
plt.xlabel("iteration")
plt.ylabel("x")
plt.legend()
plt.show()
""",
    "ps2_linear_regression": """\
rng = np.random.default_rng(0)
X = rng.normal(size=(100, 2))
y = X @ np.array([2.0, -1.0]) + 0.5 + 0.1 * rng.normal(size=100)
w, b, losses = fit_gradient_descent(X, y, 0.1, 50)
plt.semilogy(losses)
plt.xlabel("iteration")
plt.ylabel("training MSE")
plt.title(f"w = {np.round(w, 3)}, b = {b:.3f}")
plt.show()
""",
    "ps3_sgd": """\
rng = np.random.default_rng(0)
X = rng.normal(size=(100, 2))
y = X @ np.array([2.0, -1.0]) + 0.5 + 0.1 * rng.normal(size=100)
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
for batch_size in (1, 10, 100):
    w, b, losses = fit_sgd(X, y, 20, batch_size=batch_size)
    left.semilogy(losses, label=f"batch size {batch_size}")
left.set_xlabel("epoch")
left.legend()
right.plot([learning_schedule(t) for t in range(2000)])
right.set_xlabel("update t")
right.set_ylabel("learning rate")
plt.show()
""",
    "ps4_adam": """\
def grad(x):
    return np.array([2 * (x[0] - 1.0), 20 * (x[1] + 2.0)])


iterations = [0, 10, 25, 50, 100, 200]
points = np.array([minimize_adam(grad, [-3.0, 3.0], lr=0.1, iterations=k) for k in iterations])
plt.plot(points[:, 0], points[:, 1], "o-")
plt.plot([1.0], [-2.0], "r*", markersize=12)
plt.title("Adam on an elongated bowl")
plt.show()
""",
}


def _cell(kind: str, source: str, index: int) -> nbformat.NotebookNode:
    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = make(source.rstrip("\n"))
    cell["id"] = f"cell-{index}"
    return cell


def notebook_for(module: Path, assignment: str) -> str:
    """The notebook text for one module: markdown, imports with %matplotlib, a cell per function, a plot."""
    text = module.read_text()
    lines = text.splitlines(keepends=True)
    tree = ast.parse(text)
    body = list(tree.body)
    docstring = ast.get_docstring(tree) or ""
    if docstring:
        body = body[1:]
    comments = [line[2:].rstrip() for line in lines[: tree.body[0].lineno - 1] if line.startswith("# ")]
    markdown = "\n".join([f"# {assignment}", "", docstring, *(["", *comments] if comments else [])])

    imports = [node for node in body if isinstance(node, (ast.Import, ast.ImportFrom))]
    setup = ["%matplotlib inline", "import matplotlib.pyplot as plt"]
    setup += [ast.get_source_segment(text, node) for node in imports]
    sources = ["\n".join(setup)]
    for node in body:
        if node in imports:
            continue
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        sources.append("".join(lines[start - 1 : node.end_lineno]))
    sources.append(PLOTS[assignment])

    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb.cells = [_cell("markdown", markdown, 0)] + [_cell("code", s, i) for i, s in enumerate(sources, 1)]
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def targets() -> dict[Path, str]:
    """Every notebook this script owns, with the text it should have."""
    out = {}
    for assignment, module in REFERENCES.items():
        source = ROOT / "solutions" / assignment / module
        out[OUT / f"{assignment}__reference.ipynb"] = notebook_for(source, assignment)
    for name in NOTEBOOK_MISTAKES:
        assignment = name.split("__")[0]
        out[OUT / f"{name}.ipynb"] = notebook_for(COHORT / "mistakes" / f"{name}.py", assignment)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a notebook is stale")
    args = parser.parse_args(argv)
    wanted = targets()
    stale = [path for path, text in wanted.items() if not path.is_file() or path.read_text() != text]
    strays = sorted(set(OUT.glob("*.ipynb")) - set(wanted))
    if args.check:
        for path in [*stale, *strays]:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale or strays else 0
    OUT.mkdir(exist_ok=True)
    for path in stale:
        path.write_text(wanted[path])
        print(f"wrote {path.relative_to(ROOT)}")
    for path in strays:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)} (no longer built)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
