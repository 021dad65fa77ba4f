"""Build the student material in source/ from the reference solutions in solutions/, in every language.

For each assignment and each language (English and Korean) this writes these files that nbgrader turns
into release/:

  source/<assignment>/<assignment>.ipynb
      The nbgrader source notebook: the narrative and plots of
      scripts/notebook_templates/<assignment>.py, each graded function's reference code inside an
      autograded-answer cell, a read-only check cell after it, and a final "Graded tests" section
      with one grade cell per hidden test of solutions/<assignment>/test_hidden.py (read with `ast`,
      never imported; the section is left out while that file does not exist). The notebook's
      metadata says its language: `{"descent_kit": {"lang": "ko"}}`; the grader answers in it.
  source/<assignment>/<module>.py
      The stub module students fill in: the reference's module docstring and imports, and each graded
      function's signature and docstring with nbgrader's code stub as its body. nbgrader copies this
      file to release/ verbatim, so it never holds reference code.
  source_ko/<assignment>/matplotlibrc   (Korean only)
      Fonts for the plots (autograder.config.HANGUL_PLOT_RC), so that Hangul is drawn, not boxes.

`source/` and `release/` hold the course's language (`c.DescentKit.lang` in nbgrader_config.py,
English by default): that is what `nbgrader generate_assignment` and `release_assignment` hand out.
Each other language goes to `source_<lang>/` and, with `--release`, to `release_<lang>/` (nbgrader
counts every notebook of an assignment, so the languages cannot share one assignment folder). Every
language has the same cells, grade ids and points; only the words differ. See docs/languages.md.

The template format (percent format, one file per assignment, both languages side by side):

  # %% [markdown]            a markdown cell; every line starts with '#'
  # %% [markdown ko]         the same cell in Korean; must follow the cell it translates
  # %%                       a code cell; shared by both languages when it holds no prose
  # %% [ko]                  the same code cell in Korean: the same code, only strings and comments
                             translated (checked: the syntax trees must match with strings blanked)
  # %% [solution] NAME       the answer cell of graded function NAME, filled from solutions/
  # %% [docstring ko] NAME   NAME's docstring in Korean, for the answer cell and the Korean stub
  # %% [tests] NAME          a read-only check cell for NAME (assertions with messages)
  # %% [tests ko] NAME       the same checks with Korean messages (same code, as for [ko])
  # %% [docstring ko]        (no name) the Korean summary line of the stub module's docstring

The build fails, naming the file and line, when a markdown, tests or solution cell, or a code cell
with prose in it (a comment, or a string of words), has no Korean twin, when a Korean text has no
Hangul or holds a placeholder (TODO, TRANSLATE, ...), or when a Korean code cell is not the same code.

Usage (from the course root):
  .venv/bin/python scripts/build_sources.py             rebuild what changed in source/ and source_<lang>/
  .venv/bin/python scripts/build_sources.py --release   ... then regenerate release/ (and release_<lang>/)
  .venv/bin/python scripts/build_sources.py --check     write nothing; exit 1 listing stale files
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import os
import re
import subprocess
import sys
import textwrap
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.config import course_language, load_settings
from autograder.course import Assignment, course_assignments

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "notebook_templates"

# nbgrader's delimiters; they may appear in generated cells only, never in a template.
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
DELIMITERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class BuildError(Exception):
    """The references, templates or hidden tests cannot be turned into student material."""


# --- reference solutions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Function:
    """One top-level function of a reference module, cut into the pieces the build reuses."""

    name: str
    signature: str
    """Decorators and the `def` line(s) up to the colon, as written."""
    docstring: str
    """The docstring statement as written (indented), or '' when there is none."""
    body: str
    """Everything after the docstring, as written (indented)."""
    indent: str
    """Indentation of the body."""
    names: frozenset[str]
    """Every name the function reads, to find the private helpers it needs."""

    @property
    def source(self) -> str:
        return "\n".join(part for part in (self.signature, self.docstring, self.body) if part)


@dataclass(frozen=True)
class Reference:
    """A reference module: docstring, import statements and functions in file order."""

    path: Path
    docstring: str
    imports: tuple[str, ...]
    functions: dict[str, Function]

    def helpers_for(self, name: str) -> list[Function]:
        """Private functions `name` needs, directly or through other helpers, in file order."""
        needed: set[str] = set()
        todo = [name]
        while todo:
            for used in self.functions[todo.pop()].names:
                if used.startswith("_") and used in self.functions and used not in needed:
                    needed.add(used)
                    todo.append(used)
        return [f for f in self.functions.values() if f.name in needed]


def parse_reference(path: Path) -> Reference:
    """Read a reference module with `ast`; anything but a docstring, imports and functions is an error."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    lines = text.splitlines()
    imports: list[str] = []
    functions: dict[str, Function] = {}
    for index, node in enumerate(tree.body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(ast.get_source_segment(text, node) or "")
        elif isinstance(node, ast.FunctionDef):
            functions[node.name] = _cut_function(node, lines, path)
        else:
            raise BuildError(
                f"{path}:{node.lineno}: only imports and functions are supported at the top level "
                "of a reference module (a graded function cannot take module-level state into a notebook cell)"
            )
    return Reference(path, ast.get_docstring(tree) or "", tuple(imports), functions)


def _cut_function(node: ast.FunctionDef, lines: list[str], path: Path) -> Function:
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    header_end = _header_end(lines, node.lineno)
    first = node.body[0]
    if first.lineno <= header_end:
        raise BuildError(f"{path}:{node.lineno}: put the body of {node.name} on its own lines")
    has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    has_doc = has_doc and isinstance(first.value.value, str)
    body_start = first.end_lineno if has_doc else header_end
    body = lines[body_start : node.end_lineno]
    while body and not body[0].strip():
        body.pop(0)
    indent = re.match(r"\s*", lines[first.lineno - 1]).group()
    return Function(
        name=node.name,
        signature="\n".join(lines[start - 1 : header_end]),
        docstring="\n".join(lines[first.lineno - 1 : first.end_lineno]) if has_doc else "",
        body="\n".join(body),
        indent=indent,
        names=frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name)),
    )


def _header_end(lines: list[str], def_line: int) -> int:
    """Line number of the colon that ends the `def` header starting on `def_line`."""
    rest = iter(line + "\n" for line in lines[def_line - 1 :])
    depth = 0
    for tok in tokenize.generate_tokens(lambda: next(rest, "")):
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        elif tok.type == tokenize.OP and tok.string == ":" and depth == 0:
            return def_line + tok.start[0] - 1
    raise BuildError(f"no end of the def header at line {def_line}")


# --- hidden tests -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HiddenTest:
    """One `@graded(function, points=...)` test function of a test_hidden.py file."""

    name: str
    function: str
    points_each: int | float
    """The decorator's points: what each pytest case of the function is worth."""
    cases: int
    """How many pytest cases `@pytest.mark.parametrize` makes of it (1 without)."""
    title: tuple[tuple[str, str], ...] = ()
    """`@graded(..., title=localized(en=..., ko=...))` as (language, words) pairs; () without a title."""

    def label(self, lang: str = "en") -> str:
        """What students read as the test's name in `lang` (as the grader's reports say it)."""
        from autograder.results import test_label

        words = dict(self.title)
        return words.get(lang) or words.get("en") or test_label(self.name, self.function)

    @property
    def points(self) -> int | float:
        """What the whole function is worth: the autograder scores every parametrized case."""
        return self.points_each * self.cases


def parse_hidden_tests(path: Path, graded: tuple[str, ...]) -> list[HiddenTest]:
    """The graded tests of `path` in file order, read with `ast` (the file is never imported)."""
    if not path.exists():
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    tests = []
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        where = f"{path}:{node.lineno}"
        calls = [d for d in node.decorator_list if isinstance(d, ast.Call) and _is_named(d.func, "graded")]
        if not calls:
            if node.name.startswith("test"):
                print(f"warning: {where}: {node.name} has no @graded decorator; left out", file=sys.stderr)
            continue
        function, points = _graded_arguments(calls[0], where)
        if function not in graded:
            raise BuildError(f"{where}: {node.name} grades {function!r}, not one of {graded}")
        cases = 1
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and _is_named(decorator.func, "parametrize"):
                cases *= _parametrize_cases(decorator, where)
        tests.append(HiddenTest(node.name, function, points, cases, _graded_title(calls[0], where)))
    return tests


def _is_named(func: ast.expr, name: str) -> bool:
    return (isinstance(func, ast.Name) and func.id == name) or (
        isinstance(func, ast.Attribute) and func.attr == name
    )


def _graded_arguments(call: ast.Call, where: str) -> tuple[str, int | float]:
    """The function name and points of `@graded(...)`; points default to 1 as in autograder.harness."""
    keywords = {k.arg: k.value for k in call.keywords}
    function = call.args[0] if call.args else keywords.get("function")
    points = call.args[1] if len(call.args) > 1 else keywords.get("points", ast.Constant(1))
    try:
        function_name = ast.literal_eval(function)
        points_value = ast.literal_eval(points)
    except (ValueError, TypeError, SyntaxError):
        raise BuildError(f"{where}: @graded needs a literal function name and points=<number>") from None
    if not isinstance(function_name, str) or isinstance(points_value, bool):
        raise BuildError(f"{where}: @graded needs a function name string and a number of points")
    if not isinstance(points_value, (int, float)) or points_value <= 0:
        raise BuildError(f"{where}: points must be a positive number, got {points_value!r}")
    return function_name, points_value


def _graded_title(call: ast.Call, where: str) -> tuple[tuple[str, str], ...]:
    """`title=localized(en=..., ko=...)` or `title={"en": ..., "ko": ...}` of `@graded(...)`, as literals."""
    title = next((k.value for k in call.keywords if k.arg == "title"), None)
    try:
        if isinstance(title, ast.Call) and _is_named(title.func, "localized"):
            words = {k.arg: ast.literal_eval(k.value) for k in title.keywords}
        elif title is not None:
            words = ast.literal_eval(title)
        else:
            return ()
    except (ValueError, TypeError, SyntaxError):
        raise BuildError(f"{where}: a test's title must be localized(en=\"...\", ko=\"...\") with literal words") from None
    if not isinstance(words, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in words.items()):
        raise BuildError(f"{where}: a test's title must map languages to words")
    return tuple(sorted(words.items()))


def _parametrize_cases(call: ast.Call, where: str) -> int:
    """Number of cases of `@pytest.mark.parametrize(names, values)`: a literal list/tuple or range(...)."""
    values = call.args[1] if len(call.args) > 1 else {k.arg: k.value for k in call.keywords}.get("argvalues")
    if isinstance(values, (ast.List, ast.Tuple)):
        return len(values.elts)
    if isinstance(values, ast.Call) and _is_named(values.func, "range") and not values.keywords:
        try:
            return len(range(*(ast.literal_eval(arg) for arg in values.args)))
        except (ValueError, TypeError, SyntaxError):
            pass
    raise BuildError(f"{where}: cannot count the parametrize cases; use a literal list or range(<numbers>)")


# --- notebook templates -------------------------------------------------------------------------------

LANGUAGES = ("en", "ko")
"""Every notebook exists in each of these languages; English is the template's first language."""

HANGUL = re.compile(r"[\uac00-\ud7a3]")
PLACEHOLDERS = re.compile(r"TODO|TRANSLATE|FIXME|XXX|번역 필요|번역할 것")


@dataclass(frozen=True)
class TemplateCell:
    """A cell of a percent-format template: `# %%`, `# %% [markdown]`, `# %% [solution] NAME`, ...

    `texts` holds the cell in every language, English first: a `[markdown ko]`, `[tests ko]` or
    `[ko]` cell after a cell is that cell in Korean; for a [solution] cell, the Korean text is the
    graded function's docstring (`[docstring ko] NAME`); a code cell without a `[ko]` twin is shared.
    """

    kind: str
    """'code', 'markdown', 'solution' (reference code goes here) or 'tests' (a read-only check)."""
    function: str
    texts: tuple[tuple[str, str], ...]
    """(language, text) pairs, 'en' first."""

    @property
    def text(self) -> str:
        """The English text."""
        return self.texts[0][1]

    def in_language(self, lang: str) -> str | None:
        """The text in `lang`, or None when the template lacks it."""
        return dict(self.texts).get(lang)


@dataclass(frozen=True)
class Template:
    """A notebook template: its cells and the stub module's summary line in each non-English language."""

    path: Path
    cells: tuple[TemplateCell, ...]
    module_summary: tuple[tuple[str, str], ...] = ()
    """(language, text) pairs from `# %% [docstring ko]` without a name; English comes from the reference."""


_MARKER = re.compile(
    r"^# %%(?: \[(?P<kind>[a-z]+)?(?:(?(kind) )(?P<lang>ko))?\])?(?: (?P<function>\w+))?\s*$"
)
_KINDS = ("code", "markdown", "solution", "tests", "docstring")


def parse_template(path: Path) -> list[TemplateCell]:
    """Cells of a percent-format template; text before the first `# %%` (e.g. `# ruff: noqa`) is ignored."""
    return list(read_template(path).cells)


def read_template(path: Path) -> Template:
    """The template at `path` with its translations attached to the cells they translate.

    Raises BuildError naming the file and line for an unknown marker, a translation that follows
    no cell of its kind, or an English cell whose Korean twin is missing or a placeholder.
    """
    raw: list[tuple[str, str, str, str, str]] = []  # kind, lang, function, text, where
    kind, lang, function, body, where = None, "en", "", [], ""
    for number, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), "# %%"], start=1):
        if not line.startswith("# %%"):
            body.append(line)
            continue
        if kind is not None:
            raw.append((kind, lang, function, _template_text(kind, lang, function, body, f"{path}:{number}"), where))
        match = _MARKER.match(line)
        kind, lang = (match["kind"] or "code", match["lang"] or "en") if match else ("?", "en")
        if kind in LANGUAGES:  # `# %% [ko]`: a code cell in Korean
            kind, lang = "code", kind
        if kind not in _KINDS:
            raise BuildError(f"{path}:{number}: unknown cell marker {line!r}")
        function, body = match["function"] or "", []
        where = f"{path}:{number}"
        if kind == "docstring" and lang == "en":
            raise BuildError(f"{where}: English docstrings come from the reference; write [docstring ko]")
    cells: list[dict] = []
    summary: dict[str, str] = {}
    for kind, lang, function, text, where in raw:
        if lang == "en":
            cells.append({"kind": kind, "function": function, "texts": {"en": text}, "where": where})
            continue
        if kind == "docstring" and not function:
            summary[lang] = text
            continue
        wanted = "solution" if kind == "docstring" else kind
        last = cells[-1] if cells else None
        if not last or last["kind"] != wanted or last["function"] != function or lang in last["texts"]:
            raise BuildError(
                f"{where}: a [{kind} {lang}] cell must follow the [{wanted}{' ' + function if function else ''}]"
                " cell it translates"
            )
        last["texts"][lang] = text
    template = Template(
        path,
        tuple(
            TemplateCell(c["kind"], c["function"], tuple(c["texts"].items())) for c in cells
        ),
        tuple(summary.items()),
    )
    for cell, info in zip(template.cells, cells):
        _check_translations(cell, info["where"])
    return template


def _template_text(kind: str, lang: str, function: str, body: list[str], where: str) -> str:
    text = "\n".join(body).strip("\n")
    if not text and not (kind == "solution" and lang == "en"):
        raise BuildError(f"before {where}: empty [{kind}] cell")
    if kind in ("markdown", "docstring"):
        lines = text.splitlines()
        if any(line and not line.startswith("#") for line in lines):
            raise BuildError(f"before {where}: every {kind} line must start with '#'")
        text = "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in lines)
    if kind == "solution" and text:
        raise BuildError(f"before {where}: a [solution] cell is filled from the reference; leave it empty")
    if kind in ("solution", "tests") and not function:
        raise BuildError(f"before {where}: a [{kind}] cell needs the name of a graded function")
    if any(delimiter in text for delimiter in DELIMITERS):
        raise BuildError(f"before {where}: nbgrader delimiters may not appear in a template")
    if kind == "docstring" and '"""' in text:
        raise BuildError(f"before {where}: a docstring may not contain triple quotes")
    return text


def _check_translations(cell: TemplateCell, where: str) -> None:
    """Every language present, no placeholder, and code that differs only in its words."""
    texts = dict(cell.texts)
    for lang in LANGUAGES[1:]:
        text = texts.get(lang)
        if text is None:
            if cell.kind == "code" and not prose_in_code(cell.text):
                continue  # shared: nothing in it to translate
            twin = {"markdown": f"[markdown {lang}]", "tests": f"[tests {lang}] {cell.function}",
                    "solution": f"[docstring {lang}] {cell.function}", "code": f"[{lang}]"}[cell.kind]
            raise BuildError(f"{where}: this [{cell.kind}] cell has no {twin} translation after it")
        if PLACEHOLDERS.search(text) or (lang == "ko" and not HANGUL.search(text)):
            raise BuildError(f"{where}: the {lang} text of this [{cell.kind}] cell is a placeholder: {text[:60]!r}")
        if cell.kind in ("code", "tests") and lang == "ko" and _hangul_in_mathtext(text):
            raise BuildError(
                f"{where}: {_hangul_in_mathtext(text)} mixes Hangul and $math$: Matplotlib's mathtext draws the "
                "words in one font without Hangul; write the math in plain Unicode (x², η, t₁)"
            )
        if cell.kind in ("code", "tests") and _code_shape(text, where) != _code_shape(cell.text, where):
            raise BuildError(
                f"{where}: the {lang} version of this [{cell.kind}] cell must be the same code with only its "
                "strings and comments translated"
            )


def _hangul_in_mathtext(text: str) -> str:
    """The first string literal of `text` that holds both Hangul and a `$`, or ''."""
    try:
        tokens = tokenize.generate_tokens(iter(text.splitlines(keepends=True)).__next__)
        return next((t.string for t in tokens if t.type == tokenize.STRING and HANGUL.search(t.string)
                     and "$" in t.string), "")
    except (tokenize.TokenError, SyntaxError):
        return ""


def _code_shape(text: str, where: str) -> str:
    """The code's syntax tree with every string constant blanked: what must not change in translation."""
    try:
        tree = ast.parse(text)
    except SyntaxError as err:
        raise BuildError(f"{where}: {err}") from None
    return ast.dump(_Blank().visit(tree))


class _Blank(ast.NodeTransformer):
    """Blanks string constants; an f-string becomes the sorted list of its fields (word order may change)."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant("") if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        fields = [self.visit(v) for v in node.values if isinstance(v, ast.FormattedValue)]
        return ast.List(sorted(fields, key=ast.dump), ast.Load())


def prose_in_code(text: str) -> bool:
    """Whether code holds words for a reader: a comment, or a string with a space between letters."""
    try:
        tokens = list(tokenize.generate_tokens(iter(text.splitlines(keepends=True)).__next__))
    except (tokenize.TokenError, SyntaxError):
        return True
    for token in tokens:
        if token.type == tokenize.COMMENT and not token.string.startswith("# noqa"):
            return True
        if token.type == tokenize.STRING and re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", token.string):
            return True
    return False


# --- the source notebook ----------------------------------------------------------------------------------


def nbgrader_metadata(grade_id: str, *, solution: bool, grade: bool, locked: bool, points=None) -> dict:
    """The `nbgrader` cell metadata of schema version 3."""
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


WORDS: dict[str, dict[str, str]] = {
    # The words the build writes around the template's own: per language, the same placeholders.
    "hidden_cell": {
        "en": "# Hidden test {name} for {function}(): {worth}",
        "ko": "# 숨겨진 테스트 {name} ({function}()): {worth}",
    },
    "point": {"en": "{n} point", "ko": "{n}점"},
    "points": {"en": "{n} points", "ko": "{n}점"},
    "cases": {"en": "{cases} cases x {each} = {total}", "ko": "{cases}개 경우 x {each} = {total}"},
    "tests_heading": {"en": "## Graded tests", "ko": "## 채점 테스트"},
    "tests_intro": {
        "en": "Your score comes from hidden tests that run **after you submit, outside this notebook**: the\n"
        "course autograder takes your functions and compares them with the reference solution on inputs\n"
        "you have not seen. The cells below only name those tests and their points; running them checks\n"
        "nothing. Please leave them in place. The check cells above are for you and earn no points, but\n"
        "a function that fails them will almost certainly fail its hidden tests too.",
        "ko": "점수는 **제출한 뒤 이 노트북 밖에서** 실행되는 숨겨진 테스트로 매겨져요. 채점기가 여러분의\n"
        "함수를 가져가 처음 보는 입력에서 참고 답안과 비교해요. 아래 셀들은 그 테스트의 이름과 배점만\n"
        "적어 둔 것이라 실행해도 아무것도 검사하지 않아요. 지우지 말고 그대로 두세요. 위의 확인 셀은\n"
        "여러분을 위한 것이라 점수는 없지만, 확인 셀을 통과하지 못하는 함수는 숨겨진 테스트도 거의\n"
        "확실히 통과하지 못해요.",
    },
    "tests_table": {"en": "| test | function | worth |", "ko": "| 테스트 | 함수 | 배점 |"},
    "tests_total": {"en": "| **total** | | **{total}** |", "ko": "| **합계** | | **{total}** |"},
    "stub_intro": {
        "en": "Write the body of each function below. Keep every function's name and signature: the\n"
        "autograder calls them. The notebook {notebook} explains each one.",
        "ko": "아래 각 함수의 본문을 작성하세요. 함수 이름과 시그니처는 바꾸지 마세요: 채점기가 그대로\n"
        "호출해요. 각 함수의 설명은 노트북 {notebook}에 있어요.",
    },
    "code_stub": {
        "en": "",  # the course's ClearSolutions.code_stub
        "ko": '# YOUR CODE HERE\nraise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")',
    },
}


def words(key: str, lang: str, **params: object) -> str:
    return WORDS[key][lang].format(**params)


def solution_source(function: Function, reference: Reference, docstring: str | None = None) -> str:
    """Signature and docstring as in the reference (or `docstring`, translated), then the body (and
    needed helpers) as the solution."""
    region = []
    for helper in reference.helpers_for(function.name):
        region += [textwrap.indent(helper.source, function.indent), ""]
    region.append(function.body)
    doc = function.docstring if docstring is None else _docstring(docstring, function.indent)
    parts = [function.signature, doc, function.indent + BEGIN_SOLUTION]
    return "\n".join([p for p in parts if p] + region + [function.indent + END_SOLUTION])


def _docstring(text: str, indent: str) -> str:
    """A docstring statement for `text`: one line when it fits, else the text then closing quotes."""
    if "\n" not in text:
        return f'{indent}"""{text}"""'
    return textwrap.indent(f'"""{text}\n"""', indent, lambda line: bool(line.strip()))


def hidden_test_source(assignment: str, test: HiddenTest, lang: str = "en") -> str:
    """A grade cell with no test logic: one comment stays in release/, the marker is stripped by nbgrader."""
    return "\n".join(
        [
            words("hidden_cell", lang, name=test.name, function=test.function, worth=_worth(test, lang)),
            BEGIN_HIDDEN,
            f"# descent-kit hidden test: {assignment}::{test.name}",
            END_HIDDEN,
        ]
    )


def graded_tests_markdown(tests: list[HiddenTest], lang: str = "en") -> str:
    """The introduction of the final section, with a table of the hidden tests and their points."""
    rows = [f"| {_md_cell(t.label(lang))} | `{t.function}` | {_worth(t, lang)} |" for t in tests]
    total = _points(sum(t.points for t in tests), lang)
    return "\n".join(
        [
            words("tests_heading", lang),
            "",
            words("tests_intro", lang),
            "",
            words("tests_table", lang),
            "|---|---|---|",
            *rows,
            words("tests_total", lang, total=total),
        ]
    )


def _md_cell(text: str) -> str:
    """Words for a Markdown table cell: Markdown's special characters taken literally."""
    return re.sub(r"([\\`*_\[\]|<>])", r"\\\1", text)


def _number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _points(value: int | float, lang: str) -> str:
    return words("point" if value == 1 else "points", lang, n=_number(value))


def _worth(test: HiddenTest, lang: str = "en") -> str:
    """'1 point', '3 points' or '3 cases x 1 point = 3 points' (in `lang`)."""
    if test.cases == 1:
        return _points(test.points, lang)
    return words(
        "cases", lang, cases=test.cases, each=_points(test.points_each, lang), total=_points(test.points, lang)
    )


def build_notebook(
    assignment: Assignment,
    reference: Reference,
    template: list[TemplateCell],
    tests: list[HiddenTest],
    lang: str = "en",
) -> nbformat.NotebookNode:
    """The source notebook in `lang`: template cells with reference code injected, then the graded-tests
    section. Every language gives the same cells, grade ids and points; only the words differ."""
    _check_template(assignment, reference, template)
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "descent_kit": {"lang": lang},
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
    }
    for cell in template:
        text = cell.in_language(lang)
        if text is None:
            if cell.kind != "code":
                raise BuildError(f"template of {assignment.name}: a [{cell.kind}] cell has no {lang} text")
            text = cell.text
        if cell.kind == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(text))
        elif cell.kind == "code":
            nb.cells.append(nbformat.v4.new_code_cell(text))
        elif cell.kind == "solution":
            docstring = None if lang == "en" else text
            source = solution_source(reference.functions[cell.function], reference, docstring)
            meta = nbgrader_metadata(f"answer_{cell.function}", solution=True, grade=False, locked=False)
            nb.cells.append(nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta}))
        else:
            meta = nbgrader_metadata(f"check_{cell.function}", solution=False, grade=False, locked=True)
            nb.cells.append(nbformat.v4.new_code_cell(text, metadata={"nbgrader": meta}))
    if tests:
        nb.cells.append(nbformat.v4.new_markdown_cell(graded_tests_markdown(tests, lang)))
    for test in tests:
        grade_id = f"hidden_{test.name}"
        meta = nbgrader_metadata(grade_id, solution=False, grade=True, locked=True, points=test.points)
        nb.cells.append(
            nbformat.v4.new_code_cell(
                hidden_test_source(assignment.name, test, lang), metadata={"nbgrader": meta}
            )
        )
    _assign_cell_ids(nb)
    nbformat.validate(nb)
    return nb


def _assign_cell_ids(nb: nbformat.NotebookNode) -> None:
    """Fixed ids (nbformat would draw random ones), so that rebuilding gives identical bytes."""
    for index, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell.id = grade_id or f"cell-{index:02d}"
        if len(cell.id) > 64:
            raise BuildError(
                f"cell id {cell.id!r} is longer than nbformat's 64 characters; shorten the test name"
            )


def _check_template(assignment: Assignment, reference: Reference, template: list[TemplateCell]) -> None:
    where = f"template of {assignment.name}"
    public = [name for name in reference.functions if not name.startswith("_")]
    if sorted(public) != sorted(assignment.functions):
        raise BuildError(
            f"{reference.path}: public functions {public} are not the graded {assignment.functions}"
        )
    for kind in ("solution", "tests"):
        named = [c.function for c in template if c.kind == kind]
        if sorted(named) != sorted(assignment.functions):
            raise BuildError(
                f"{where}: [{kind}] cells name {named}, expected each of {assignment.functions} once"
            )
    position = {(c.kind, c.function): i for i, c in enumerate(template)}
    for name in assignment.functions:
        if position["tests", name] < position["solution", name]:
            raise BuildError(f"{where}: the [tests] cell of {name} comes before its [solution] cell")
        for used in reference.functions[name].names & set(assignment.functions) - {name}:
            if position["solution", used] > position["solution", name]:
                raise BuildError(f"{where}: {name} uses {used}, so {used} must come first")
    first_solution = min(position["solution", name] for name in assignment.functions)
    code_before = "\n".join(c.text for c in template[:first_solution] if c.kind == "code").splitlines()
    for statement in reference.imports:
        if statement not in code_before:
            raise BuildError(
                f"{where}: the reference's `{statement}` must be in a code cell before the solutions"
            )


# --- the stub module ----------------------------------------------------------------------------------------


def build_stub(
    assignment: Assignment, reference: Reference, code_stub: str, template: Template | None = None, lang: str = "en"
) -> str:
    """The module students fill in: docstring, imports, and each graded function with a stub body."""
    summary = re.sub(r"^Reference solution for\s+", "", reference.docstring.strip())
    translated = {} if template is None or lang == "en" else _translated_docstrings(template, lang)
    if lang != "en":
        summary = f"{assignment.name}: " + dict(template.module_summary if template else ()).get(lang, "")
        code_stub = words("code_stub", lang)
    docstring = "\n".join(
        [f'"""{summary}', "", words("stub_intro", lang, notebook=f"{assignment.name}.ipynb"), '"""']
    )
    functions = []
    for name in reference.functions:
        if name.startswith("_"):
            continue
        function = reference.functions[name]
        if not function.docstring:
            raise BuildError(f"{reference.path}: graded function {name} needs a docstring for its stub")
        stub = textwrap.indent(code_stub, function.indent)
        doc = _docstring(translated[name], function.indent) if name in translated else function.docstring
        functions.append("\n".join([function.signature, doc, stub]))
    return "\n\n\n".join([docstring + "\n\n" + "\n".join(reference.imports), *functions]) + "\n"


def _translated_docstrings(template: Template, lang: str) -> dict[str, str]:
    return {
        c.function: c.in_language(lang) for c in template.cells if c.kind == "solution" and c.in_language(lang)
    }


@dataclass(frozen=True)
class CourseConfig:
    """The settings of the course's nbgrader_config.py that the build must agree with."""

    code_stub: str
    """ClearSolutions.code_stub for Python: the body of released functions, in notebooks and stubs."""
    ignore: tuple[str, ...]
    """CourseDirectory.ignore: file globs nbgrader does not copy from source/ to release/."""


def load_course_config(root: Path) -> CourseConfig:
    """Read nbgrader_config.py the way nbgrader does and keep what the build needs."""
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import ClearSolutions
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    return CourseConfig(
        code_stub=ClearSolutions(config=config).code_stub["python"],
        ignore=tuple(CourseDirectory(config=config).ignore),
    )


# --- putting it together ------------------------------------------------------------------------------------


def source_folder(root: Path, lang: str, course_lang: str) -> Path:
    """`source/` holds the course's language (what nbgrader releases); `source_<lang>/` each other one."""
    return root / ("source" if lang == course_lang else f"source_{lang}")


def release_folder(root: Path, lang: str, course_lang: str) -> Path:
    """`release/` for the course's language, `release_<lang>/` for each other one."""
    return root / ("release" if lang == course_lang else f"release_{lang}")


def matplotlibrc() -> str:
    """Matplotlib reads `matplotlibrc` from the notebook's folder (the kernel's working directory): the
    Korean notebooks' plots are drawn in the first Korean font the machine has, so Hangul is not boxes."""
    from autograder.config import HANGUL_PLOT_RC

    lines = ["# Written by scripts/build_sources.py: fonts that draw Hangul, for the notebook's plots."]
    lines += [f"{key}: {', '.join(value)}" for key, value in HANGUL_PLOT_RC.items()]
    return "\n".join(lines) + "\n"


def expected_files(
    root: Path, assignment: Assignment, code_stub: str, course_lang: str = "en"
) -> dict[Path, str]:
    """Every file build_sources owns for one assignment, in every language, with the text it should have."""
    solutions = root / "solutions" / assignment.name
    reference = parse_reference(solutions / assignment.module)
    template = read_template(TEMPLATES / f"{assignment.name}.py")
    tests = parse_hidden_tests(solutions / "test_hidden.py", assignment.functions)
    files = {}
    for lang in (lang for lang in LANGUAGES if lang in assignment.languages):
        notebook = build_notebook(assignment, reference, list(template.cells), tests, lang)
        source = source_folder(root, lang, course_lang) / assignment.name
        files[source / f"{assignment.name}.ipynb"] = nbformat.writes(notebook)
        files[source / assignment.module] = build_stub(assignment, reference, code_stub, template, lang)
        if lang == "ko":
            files[source / "matplotlibrc"] = matplotlibrc()
    return files


def stray_files(folder: Path, owned: set[Path], ignore: tuple[str, ...]) -> list[Path]:
    """Files in a source folder the build does not own that nbgrader would copy to release/."""
    if not folder.exists():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path not in owned
        and not any(fnmatch.fnmatch(part, glob) for part in path.relative_to(folder).parts for glob in ignore)
    )


def generate_release(root: Path, assignments: list[str], course_lang: str = "en") -> None:
    """`nbgrader generate_assignment NAME --force` for each assignment (it also writes gradebook.db), then
    the same command for each other language, from `source_<lang>/` into `release_<lang>/`, with that
    language's code stub and a throwaway gradebook (the course's keeps the course language's cells)."""
    # On a new gradebook nbgrader runs `alembic` from PATH; without the venv's bin/ first it fails.
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    import tempfile

    for lang in LANGUAGES:
        for name in assignments:
            if not (source_folder(root, lang, course_lang) / name).is_dir():
                continue  # the assignment does not exist in this language (its manifest's `languages`)
            command = [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force"]
            with tempfile.TemporaryDirectory() as scratch:
                if lang != course_lang:
                    command += release_options(lang, course_lang, Path(scratch) / "gradebook.db")
                proc = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
            if proc.returncode != 0 or "ERROR" in proc.stderr:
                raise BuildError(f"nbgrader generate_assignment {name} ({lang}) failed:\n{proc.stderr[-4000:]}")
            print(f"released {name} ({lang}) into {release_folder(root, lang, course_lang).name}/")


def release_options(lang: str, course_lang: str, gradebook: Path) -> list[str]:
    """nbgrader options that release the `lang` notebooks of a course whose language is `course_lang`."""
    options = [
        f"--CourseDirectory.source_directory={source_folder(Path(), lang, course_lang)}",
        f"--CourseDirectory.release_directory={release_folder(Path(), lang, course_lang)}",
        f"--CourseDirectory.db_url=sqlite:///{gradebook}",
    ]
    if WORDS["code_stub"][lang]:
        # nbgrader's subcommands hand a Dict option over as a string, which ClearSolutions takes as the
        # Python stub (with a deprecation warning).
        options.append("--ClearSolutions.code_stub=" + WORDS["code_stub"][lang])
    return options


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is stale")
    mode.add_argument("--release", action="store_true", help="also run nbgrader generate_assignment")
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: all of solutions/*/assignment.toml")
    args = parser.parse_args(argv)
    assignments = course_assignments(load_settings(ROOT, {}))
    unknown = sorted(set(args.assignments) - set(assignments))
    if unknown:
        parser.error(f"unknown assignment(s) {', '.join(unknown)}; the course has {', '.join(assignments)}")
    names = args.assignments or list(assignments)
    try:
        course = load_course_config(ROOT)
        course_lang = course_language(ROOT) or "en"
        if course_lang not in LANGUAGES:
            raise BuildError(f"nbgrader_config.py: c.DescentKit.lang = {course_lang!r} is not one of {LANGUAGES}")
        stale: list[Path] = []
        strays: list[Path] = []
        for name in names:
            if assignments[name].authoring == "notebook":  # scripts/build_from_notebook.py
                import build_from_notebook

                files = build_from_notebook.expected_files(
                    ROOT, assignments[name], course.code_stub, sys.modules[__name__]
                )
            else:
                files = expected_files(ROOT, assignments[name], course.code_stub, course_lang)
            for path, text in files.items():
                if path.exists() and path.read_text(encoding="utf-8") == text:
                    continue
                stale.append(path)
                if not args.check:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
                    print(f"wrote {path.relative_to(ROOT)}")
            for lang in LANGUAGES:
                strays += stray_files(source_folder(ROOT, lang, course_lang) / name, set(files), course.ignore)
        if args.release:
            generate_release(ROOT, names, course_lang)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path in strays:
        print(f"warning: {path.relative_to(ROOT)} is not built by this script, but nbgrader would release it")
    if args.check and (stale or strays):
        for path in stale:
            print(f"{path.relative_to(ROOT)}: {'differs from' if path.exists() else 'missing in'} the build")
        print(
            "source/ is out of date: run .venv/bin/python scripts/build_sources.py "
            "and remove the files it does not build",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
