"""submission.py: reading modules and notebooks into chunks without running them."""

import json
import subprocess
import sys

import nbformat

from autograder.course import get_assignment
from autograder.submission import read_submission

PS1 = get_assignment("ps1_gradient_descent")


def read(path):
    return read_submission(path, PS1, max_bytes=10**8)


def test_module_statements_become_chunks_with_line_numbers(write):
    sub = read(write("m.py", "import numpy as np\n\n\ndef f(x):\n    return x\n"))
    assert [c.first_line for c in sub.chunks] == [1, 4]
    assert sub.chunks[1].code.startswith("def f")
    assert sub.problems == ()


def test_syntax_error_in_one_function_keeps_the_others(write):
    text = "import math\n\ndef good(x):\n    return x\n\ndef bad(x)\n    return x\n\ndef also_good():\n    return 1\n"
    sub = read(write("m.py", text))
    names = "".join(c.code for c in sub.chunks)
    assert "def good" in names and "def also_good" in names and "def bad" not in names
    assert len(sub.problems) == 1
    assert "line 6" in sub.problems[0] and "bad could not be read" in sub.problems[0]


def test_decorators_stay_with_their_function(write):
    sub = read(write("m.py", "import functools\n@functools.lru_cache\ndef f(x):\n    return x\ndef g(:\n"))
    assert any(c.code.startswith("@functools.lru_cache\ndef f") for c in sub.chunks)


def test_non_utf8_bytes_are_replaced_with_a_note(write):
    sub = read(write("m.py", b"def f():\n    return '\xff\xfe'\n"))
    assert sub.chunks and "not valid UTF-8" in sub.problems[0] and "line 2" in sub.problems[0]


def test_notebook_keeps_definitions_and_drops_plots_asserts_and_magics(write):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport numpy as np"),
        nbformat.v4.new_code_cell("def f(x):\n    return 2 * x\nassert f(1) == 2\nprint('hi')"),
        nbformat.v4.new_code_cell("files = !ls\nplt.plot([1, 2])"),
        nbformat.v4.new_code_cell(
            "raise SystemExit", metadata={"nbgrader": {"grade": True, "solution": False}}
        ),
    ]
    sub = read(write("n.ipynb", nbformat.writes(nb)))
    code = "\n".join(c.code for c in sub.chunks)
    assert "import numpy as np" in code and "def f(x)" in code and "get_ipython().getoutput('ls')" in code
    assert (
        "assert" not in code and "print" not in code and "plt.plot" not in code and "SystemExit" not in code
    )
    assert [c.origin for c in sub.chunks] == ["cell 1", "cell 2", "cell 3"]


def test_broken_notebooks_give_problems_not_exceptions(write):
    assert "not valid JSON" in read(write("a.ipynb", "{not json")).problems[0]
    assert read(write("b.ipynb", "")).problems
    assert (
        "contains no code" in read(write("c.ipynb", nbformat.writes(nbformat.v4.new_notebook()))).problems[0]
    )
    assert read(write("d.ipynb", json.dumps({"cells": "nope"}))).problems


def test_nbformat_3_notebooks_are_read(write):
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "input": "def f():\n    return 1\n",
                        "outputs": [],
                        "language": "python",
                        "metadata": {},
                    }
                ]
            }
        ],
    }
    sub = read(write("v3.ipynb", json.dumps(v3)))
    assert sub.problems == () and "def f" in sub.chunks[0].code


def test_oversized_file_is_refused_with_a_note(write):
    sub = read_submission(write("big.py", "x = 1\n" * 1000), PS1, max_bytes=100)
    assert sub.chunks == () and "limit" in sub.problems[0]


def test_python_cell_magics_keep_their_definitions(write):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%%time\ndef f(x):\n    return x\n"),
        nbformat.v4.new_code_cell("%%bash\necho def g(): pass\n"),
    ]
    sub = read(write("m.ipynb", nbformat.writes(nb)))
    assert [c.code.split("(")[0] for c in sub.chunks] == ["def f"]
    assert sub.chunks[0].first_line == 2 and sub.problems == ()


def test_notebook_plotting_imports_become_lazy_stand_ins(write):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import numpy as np\nimport matplotlib.pyplot as plt\nfrom matplotlib import cm\nimport matplotlib\n"
            "from matplotlib.pyplot import plot as p\ndef f(x):\n    plt.plot([x])\n    return x\n"
        )
    ]
    code = [c.code.strip() for c in read(write("n.ipynb", nbformat.writes(nb))).chunks]
    assert code[0] == "import numpy as np"
    assert code[1:4] == [
        "plt = __descent_kit_lazy__('matplotlib.pyplot')",
        "cm = __descent_kit_lazy__('matplotlib.cm')",
        "matplotlib = __descent_kit_lazy__('matplotlib')",
    ]
    assert code[4] == "p = __descent_kit_lazy__('matplotlib.pyplot.plot')"
    module = read(write("m.py", "import matplotlib.pyplot as plt\n")).chunks
    assert module[0].code.startswith("import matplotlib.pyplot")  # modules run as written


def test_whole_line_magics_are_dropped_without_importing_ipython(write):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%matplotlib inline\n!pip install numpy\ndef f(x):\n    %time x\n    return x\n")]
    path = write("n.ipynb", nbformat.writes(nb))
    probe = (
        "import sys; from pathlib import Path; from autograder.course import get_assignment;"
        "from autograder.submission import read_submission;"
        f"s = read_submission(Path({str(path)!r}), get_assignment('ps1_gradient_descent'), 10**8);"
        "print('IPython' in sys.modules)"
    )
    imported = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert imported.stdout.strip() == "False"
    assert [c.code for c in read(path).chunks] == ["def f(x):\n    pass\n    return x\n"]


def test_a_magic_like_line_inside_a_string_stays_text(write):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('DOC = """\n%d items\n"""\n%load_ext autoreload\ndef f():\n    return DOC\n')]
    code = "".join(c.code for c in read(write("n.ipynb", nbformat.writes(nb))).chunks)
    assert 'DOC = """\n%d items\n"""' in code and "def f():" in code
