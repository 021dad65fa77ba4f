"""nbgrader's generate_feedback, made for students: a summary on top, test logic out, readable on a phone.

`FeedbackSummary` runs after nbgrader's `GetGrades` (which copies each cell's score from the gradebook
into the notebook) and puts a first cell on the page: the total, one row per hidden test with
pass/fail, the points the gradebook holds and the engine's message in plain words, and the plot of the
student's curve against the reference (its numbers come from autograde time; it is drawn here, see curves.py). It also cuts the
hidden-tests region out of the grade cells, leaving their one-line description. Points shown come from
the gradebook, the words from the engine's report stored in the autograded notebook's metadata; no
hidden input or expected value is in either (the engine's messages for hidden inputs do not reveal them,
and the student's printed output is not shown).

`FeedbackExporter` is nbgrader's HTML exporter plus a viewport tag and a small stylesheet in <head>.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import HTMLExporter
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List

from autograder.messages import LANGUAGES, Messages
from autograder.nbgrader_plugin.cells import hidden_test_name, release_in_language, without_hidden_region
from autograder.nbgrader_plugin.grade_cells import METADATA_KEY
from autograder.results import test_label

PAGE_LANGUAGE = "descent_kit_lang"
"""Where FeedbackSummary leaves the page's language in nbconvert's resources, for FeedbackExporter."""

STATUS_KEYS = {status: f"feedback.status.{status}" for status in ("passed", "failed", "error", "timeout")}

HEAD = """
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
.dk-summary { font-size: 15px; line-height: 1.45; max-width: 56em; }
.dk-summary h2 { margin: 0 0 .4em; font-size: 1.5em; }
.dk-summary p { margin: .3em 0; }
.dk-tests { border-collapse: collapse; width: 100%; margin: .6em 0 1em; }
.dk-tests th, .dk-tests td { border-bottom: 1px solid #ddd; padding: .35em .45em; text-align: left;
  vertical-align: top; }
.dk-tests td.dk-points, .dk-tests th.dk-points { text-align: right; white-space: nowrap; }
.dk-tests .dk-function { color: #555; font-size: .9em; display: block; }
.dk-status { white-space: nowrap; }
tr.dk-passed .dk-status { color: #1a7f37; }
tr.dk-failed .dk-status, tr.dk-error .dk-status, tr.dk-timeout .dk-status { color: #c62828; font-weight: bold; }
tr.dk-message td { background: #fff8e1; font-size: .93em; word-break: break-word; border-bottom: 1px solid #ccc; }
.dk-hints { background: #fff8e1; border-left: 4px solid #f9a825; padding: .2em .7em; margin: .6em 0; }
.dk-hints h3 { margin: .4em 0; font-size: 1.15em; }
.dk-note { background: #fff3f3; border-left: 4px solid #c62828; padding: .4em .6em; word-break: break-word; }
.dk-summary figure { margin: 1em 0; }
.dk-summary img { max-width: 100%; height: auto; border: 1px solid #eee; }
.dk-summary figcaption { font-size: .9em; color: #444; }
div.output_area:has(.dk-summary) div.prompt { display: none; }
#toc { display: none; }  /* nbgrader's list of 'Test cell' links; the summary's table links to each */
@media (max-width: 760px) {
  body { padding-top: 0 !important; }
  .container, div#notebook-container { width: auto !important; padding-left: 4px !important;
    padding-right: 4px !important; box-shadow: none !important; }
  div.prompt { display: none !important; }
  div.input_area pre, div.output_area pre, div.output_subarea pre { white-space: pre-wrap;
    word-break: break-word; font-size: 12px; }
  div.nbgrader_cell .panel-heading { height: auto !important; }
  div.output_subarea { max-width: 100% !important; padding: .2em !important; }
  .panel-body { padding: 4px !important; }
  div.text_cell_render table { display: block; overflow-x: auto; }  /* the notebook's own wide tables */
  .nbgrader-label, .nbgrader-label code { white-space: normal; overflow-wrap: anywhere; }
}
</style>
"""


class FeedbackSummary(NbGraderPreprocessor):
    """generate_feedback, after GetGrades: the summary cell on top, hidden-test regions removed."""

    # Declared like nbgrader's GetGrades does, so that the HTML exporter's setting of it is not "unknown".
    display_data_priority = List(
        [
            "text/html",
            "application/pdf",
            "text/latex",
            "image/svg+xml",
            "image/png",
            "image/jpeg",
            "text/plain",
        ]
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        kit = nb.metadata.get(METADATA_KEY, {})
        # the instructor's note on a late notebook (late.py): the summary says it in the student's words
        nb.cells = [c for c in nb.cells if not c.get("metadata", {}).get(METADATA_KEY, {}).get("late_note")]
        rows = []
        for cell in nb.cells:
            name = hidden_test_name(cell)
            if name is None:
                continue
            cell.source = without_hidden_region(cell.source)
            meta = cell.metadata.nbgrader
            rows.append((name, meta.get("grade_id", ""), meta.get("score"), meta.get("points")))
        in_language(nb, kit, self._release_in(kit.get("lang"), resources))
        if "report" in kit:
            info = resources.get("nbgrader", {})
            page = summary_html(kit, rows, info.get("score"), info.get("max_score"), info.get("late_penalty"))
            summary = new_code_cell("", metadata={"transient": {"remove_source": True}})
            summary.outputs = [new_output("display_data", data={"text/html": page})]
            nb.cells.insert(0, summary)
        nb.metadata.pop(METADATA_KEY, None)
        resources[PAGE_LANGUAGE] = page_messages(kit).lang
        return nb, resources


    def _release_in(self, lang: Any, resources: dict) -> Path | None:
        """The course's released notebook in `lang` (release_<lang>/), when the course has one."""
        return release_in_language(self, lang, resources.get("nbgrader", {}))


def in_language(nb: NotebookNode, kit: dict[str, Any], release: Path | None) -> None:
    """The locked cells in the student's language. nbgrader's autograde restores locked cells (checks,
    graded tests) from the gradebook, which holds the course language's text; a student who worked in
    the other language gets them back from that language's release, cell by cell (same grade ids)."""
    if release is None:
        return
    try:
        released = nbformat.read(release, as_version=4)
    except (OSError, ValueError):
        return
    texts = {
        c.metadata["nbgrader"].get("grade_id"): c.source
        for c in released.cells
        if c.metadata.get("nbgrader", {}).get("locked")
    }
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("locked") and meta.get("grade_id") in texts:
            cell.source = texts[meta["grade_id"]]


def page_messages(kit: dict[str, Any]) -> Messages:
    """The page's language: the graded notebook's (stored by GradeWithEngine), else English."""
    lang = kit.get("lang")
    return Messages(lang if isinstance(lang, str) and lang in LANGUAGES else "en")


def summary_html(
    kit: dict[str, Any],
    rows: list[tuple[str, str, Any, Any]],
    score: Any,
    max_score: Any,
    late_penalty: Any = None,
) -> str:
    """The summary: total, graded file, notes, the per-test table and the plot, in the page's language
    (the engine's messages in the report are already in it)."""
    say = page_messages(kit)
    report = kit["report"]
    hints = shared_explanations(report.get("tests", []))
    cases: dict[str, list[dict[str, Any]]] = {}
    for test in report.get("tests", []):
        head, _, tail = test["message"].partition("\n")
        shown = {**test, "message": head} if tail in hints else test
        cases.setdefault(test["name"].split("[", 1)[0], []).append(shown)
    e = html.escape
    parts = ['<section class="dk-summary">']
    if score is not None and max_score is not None:
        parts.append(f"<h2>{e(say('feedback.score', score=_num(score), max_score=_num(max_score)))}</h2>")
    if late_penalty:
        parts.append(f'<p class="dk-late">{e(say("feedback.late_penalty", penalty=_num(late_penalty)))}</p>')
    parts.append(f"<p>{e(say('feedback.graded_file'))} <code>{e(kit.get('graded_file', ''))}</code>")
    others = kit.get("also_graded") or {}
    if others:
        listed = ", ".join(
            e(say("feedback.file_points", name="\0", points=_num(points))).replace("\0", f"<code>{e(name)}</code>")
            for name, points in others.items()
        )
        parts.append(e(say("feedback.also_handed_in", files="\1")).replace("\1", listed))
    parts.append("</p>")
    parts.append(f"<p>{e(say('feedback.how'))}</p>")
    notes = [str(note) for note in report.get("notes", [])]
    for note in notes + gradebook_repair_notes(kit.get("repairs", []), notes, say):
        parts.append(f'<p class="dk-note">{e(note)}</p>')
    if hints:
        parts.append(f'<div class="dk-hints"><h3>{e(say("feedback.hints_title"))}</h3>')
        parts.extend(f"<p>{e(hint).replace(chr(10), '<br>')}</p>" for hint in hints)
        parts.append(f"<p>{e(say('feedback.hints_where'))}</p></div>")
    parts.append(
        f'<table class="dk-tests"><thead><tr><th>{e(say("feedback.col_test"))}</th>'
        f'<th>{e(say("feedback.col_result"))}</th>'
        f'<th class="dk-points">{e(say("feedback.col_points"))}</th></tr></thead><tbody>'
    )
    for name, grade_id, points, max_points in rows:
        parts.extend(_rows(name, grade_id, points, max_points, cases.get(name, []), say))
    parts.append("</tbody></table>")
    parts.extend(_figure(kit.get("curves"), say))
    parts.append("</section>")
    return "".join(parts)


def gradebook_repair_notes(repairs: list[dict[str, Any]], notes: list[str], messages: Messages) -> list[str]:
    """What autograde repaired in the notebook's structure (cells.RestoreReleasedStructure), when the
    engine's notes do not say it already (they do when it graded the notebook, comparing it with the
    released one), in the page's language."""
    from autograder.nbgrader_plugin.structure import Repair, repair_notes

    if not repairs or any(note == Messages(lang)("repair.graded_as_released") for lang in LANGUAGES
                          for note in notes):
        return []
    return [messages.render(text) for text in
            repair_notes([Repair(r["kind"], tuple(r.get("cells", []))) for r in repairs])]


def shared_explanations(tests: list[dict[str, Any]]) -> list[str]:
    """Explanations (a message's lines after the first) that several failing tests share, said once on top."""
    counts: dict[str, int] = {}
    for test in tests:
        _, _, tail = test["message"].partition("\n")
        if test["status"] != "passed" and tail.strip():
            counts[tail] = counts.get(tail, 0) + 1
    return [tail for tail, count in counts.items() if count > 1]


def _rows(
    name: str, grade_id: str, points: Any, max_points: Any, cases: list[dict[str, Any]], say: Messages | None = None
) -> list[str]:
    say = say or Messages()
    e = html.escape
    failing = [c for c in cases if c["status"] != "passed"]
    status = failing[0]["status"] if failing else ("passed" if cases else "error")
    function = cases[0]["function"] if cases else ""
    label = next((c["title"] for c in cases if c.get("title")), "") or test_label(name, function)
    earned = sum(c["points"] for c in cases)
    changed = points is not None and abs(float(points) - earned) > 1e-9
    shown = f"{_num(points)} / {_num(max_points)}" + (say("feedback.set_by_instructor") if changed else "")
    out = [
        f'<tr class="dk-{e(status)}" data-test="{e(name)}" data-points="{_num(points)}" '
        f'data-max-points="{_num(max_points)}"><td><a href="#{e(grade_id)}">{e(label)}</a>'
        f'<span class="dk-function">{e(function)}()</span></td>'
        f'<td class="dk-status">{e(say(STATUS_KEYS[status]) if status in STATUS_KEYS else status)}</td>'
        f'<td class="dk-points">{e(shown)}</td></tr>'
    ]
    lines = condense_messages(cases, say) if cases else [say("feedback.did_not_run")]
    if lines:
        out.append(
            f'<tr class="dk-message"><td colspan="3">{"<br>".join(e(line).replace(chr(10), "<br>") for line in lines)}</td></tr>'
        )
    return out


def condense_messages(cases: list[dict[str, Any]], say: Messages | None = None) -> list[str]:
    """The failing cases' messages, each said once: identical ones merged, a shared hint given once."""
    say = say or Messages()
    failing = [(number, c["message"]) for number, c in enumerate(cases, 1) if c["status"] != "passed"]
    if not failing:
        return []
    texts = [text for _, text in failing]
    if len(set(texts)) == 1:
        if len(cases) == 1:
            return texts
        if len(failing) == len(cases):
            return [say("feedback.every_case", message=texts[0])]
        return [say("feedback.some_cases", failed=len(failing), cases=len(cases), message=texts[0])]
    shared = os.path.commonprefix([t[::-1] for t in texts])[::-1]
    start = re.search(r"(?:(?<=[.!?)] )|(?<=\n))[A-Z]", shared)
    shared = shared[start.start() :] if start else ""
    if len(shared) < 30:
        shared = ""
    lines = [say("feedback.case", number=n, cases=len(cases), message=t[: len(t) - len(shared)].rstrip())
             for n, t in failing]
    return [*lines, shared] if shared else lines


def _figure(curves: dict[str, Any] | None, say: Messages) -> list[str]:
    if not curves:
        return []
    e = html.escape
    parts = [f"<h3>{e(say('feedback.plot_title'))}</h3>"]
    from autograder.nbgrader_plugin.curves import render_png

    png = render_png(curves)
    if png:
        parts.append(
            f'<figure><img alt="{e(say("feedback.plot_alt"))}" '
            f'src="data:image/png;base64,{e(png)}"><figcaption>{e(str(curves.get("caption", "")))}'
            "</figcaption></figure>"
        )
    parts.extend(f'<p class="dk-note">{e(note)}</p>' for note in curves.get("notes", []))
    return parts


def _num(value: Any) -> str:
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return "?"


TEMPLATE_WORDS = (
    ("(Score: ", "feedback.header.score", "({}: "),
    ("<a href=\"#top\">(Top)</a>", "feedback.header.top", '<a href="#top">({})</a>'),
    (">Test cell</a>", "feedback.header.test_cell", ">{}</a>"),
    (">Late submission penalty (", "feedback.header.late_penalty", ">{} ("),
)
"""The English words of nbgrader 0.9.6's feedback template (templates/feedback/index.html.j2) a student
sees, as they stand in its HTML, and their catalog keys."""
_CELL_SCORE = re.compile(r'(<span class="pull-right">\s*)Score: ')


def localize_template(page: str, say: Messages) -> str:
    """nbgrader's feedback page with its own words (the header's "(Score: 8 / 15)", each graded cell's
    "Score: 1 / 1 (Top)") in `say`'s language; the notebook's cells are the student's and stay as they are."""
    if say.lang == "en":
        return page
    for english, key, shape in TEMPLATE_WORDS:
        page = page.replace(english, shape.format(say(key)))
    return _CELL_SCORE.sub(lambda m: m.group(1) + say("feedback.header.score") + ": ", page)


class FeedbackExporter(HTMLExporter):
    """nbgrader's feedback HTML with a viewport tag and the summary's stylesheet in <head>, and the
    template's words in the page's language."""

    def from_notebook_node(self, nb: NotebookNode, resources: dict | None = None, **kw: Any) -> Any:
        output, resources = super().from_notebook_node(nb, resources, **kw)
        lang = resources.get(PAGE_LANGUAGE, "en")
        output = localize_template(output, Messages(lang if lang in LANGUAGES else "en"))
        return output.replace("</head>", HEAD + "</head>", 1), resources
