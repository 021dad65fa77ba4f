"""messages.py: every message exists in English and Korean, and the engine writes none outside the catalog."""

from __future__ import annotations

import ast
import copy
import io
import pickle
import re
import string
from pathlib import Path

import pytest

from autograder.config import course_language, load_settings
from autograder.diagnose import load_catalog, mistakes_path
from autograder.messages import (
    CATALOG,
    LANGUAGES,
    MISTAKES,
    Messages,
    Text,
    UnknownLanguage,
    choose_language,
    placeholders,
)
from autograder.report import LAYERS, write_text
from autograder.results import Diagnosis, GradeReport
from autograder.results import TestResult as Result

ROOT = Path(__file__).resolve().parent.parent
# The grading pipeline, whose every message goes through the catalog. (validate.py, exports.py, ci.py and
# nbgrader_plugin/ have their own owners and are not in it yet.)
ENGINE = [
    ROOT / "autograder" / name
    for name in (
        "cli.py",
        "compare.py",
        "config.py",
        "check.py",
        "course.py",
        "diagnose.py",
        "functions.py",
        "harness.py",
        "messages.py",
        "report.py",
        "results.py",
        "run.py",
        "sandbox.py",
        "scaffold.py",
        "session.py",
        "submission.py",
    )
] + sorted((ROOT / "solutions").glob("*/test_hidden.py"))  # hidden tests speak to students too
HANGUL = re.compile("[\uac00-\ud7a3]")
# Keys whose text is only placeholders, punctuation or code, the same in every language.
LANGUAGE_NEUTRAL = {
    "type.none",
    "name.item",
    "call.signature",
    "call.keyword",
    "call.described",
    "session.load_error",
    "session.with_where",
    "run.call_failed",
    "run.with_diagnosis",
    "manifest.at",
}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_message_has_every_language_with_the_same_placeholders(key):
    entry = CATALOG[key]
    assert set(entry) == set(LANGUAGES), f"{key} has languages {sorted(entry)}"
    english = placeholders(entry["en"])
    for lang in LANGUAGES:
        assert entry[lang].strip(), f"{key} is empty in {lang}"
        assert placeholders(entry[lang]) == english, f"{key}: {lang} has other placeholders than en"
    if key not in LANGUAGE_NEUTRAL:
        assert HANGUL.search(entry["ko"]), f"{key}: the Korean text has no Korean in it"
        assert entry["ko"] != entry["en"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders_in_every_language(lang):
    messages = Messages(lang)
    for key, entry in CATALOG.items():
        params = {name: f"<{name}>" for name in placeholders(entry["en"])}
        for _, name, spec, _ in string.Formatter().parse(entry["en"]):
            if name and spec:  # a number format such as {seconds:g}
                params[name] = 1.5
        text = messages(key, **params)
        assert text and "{" not in text.replace("{}", ""), f"{key} in {lang}: {text!r}"


def _keys_in_code() -> set[str]:
    """Every literal message key the engine names: Text("key", ...), messages("key"), say("key")."""
    keys = set()
    for path in ENGINE:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("Text", "say", "messages")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.add(node.args[0].value)
    return keys


def test_every_key_the_engine_uses_is_in_the_catalog():
    used = _keys_in_code()
    assert len(used) > 60
    assert sorted(used - set(CATALOG)) == []
    for status in ("passed", "failed", "error", "timeout"):
        assert f"report.status.{status}" in CATALOG
    for layer in LAYERS:
        assert f"report.layer.{layer}" in CATALOG


def test_every_mistake_of_every_assignment_has_its_texts():
    ids = set()
    for folder in sorted((ROOT / "solutions").iterdir()):
        catalog = load_catalog(mistakes_path(ROOT / "solutions", folder.name))
        if catalog is None:
            continue
        assert catalog.missing_texts() == [], folder.name
        ids |= {m.id for m in catalog.mistakes()}
    assert sorted(set(MISTAKES) - ids) == [], "texts for mistakes no catalog has"


STUDENT_FACING = (
    "StudentError",
    "StudentTimeout",
    "Mismatch",
    "GraderFailure",
    "WorkerDied",
    "UnknownAssignment",
)


@pytest.mark.parametrize("path", ENGINE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_engine_raises_no_hard_coded_sentences_at_students(path):
    """Messages students read come from the catalog: no `raise StudentError("...")` or f-strings."""
    offenders = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            args = node.exc.args
            if name in STUDENT_FACING and args and isinstance(args[0], (ast.Constant, ast.JoinedStr)):
                offenders.append(f"line {node.lineno}: raise {name}(...)")
    assert offenders == []


def test_a_text_is_its_english_string_and_renders_in_korean():
    problem = Text(
        "compare.number_off", name="x", value="1.1", off=Text("compare.off", expected="1", difference="0.1")
    )
    assert problem == "x is 1.1, expected 1 (off by 0.1)" and isinstance(problem, str)
    assert Messages("ko").render(problem) == "x 값: 1.1, 기대한 값: 1 (차이 0.1)"
    assert Messages("en").render(problem) == problem
    assert Messages("ko").render("a hidden test's own words") == "a hidden test's own words"
    for clone in (copy.deepcopy(problem), pickle.loads(pickle.dumps(problem))):
        assert Messages("ko").render(clone) == Messages("ko").render(problem)


def test_lists_of_texts_are_joined_in_the_language():
    text = Text("report.sandbox", layers=[Text("report.layer.net"), Text("report.layer.uid")])
    assert text == "sandbox: no network, unprivileged user"
    assert Messages("ko").render(text) == "샌드박스: 네트워크 차단, 권한 없는 사용자"


def test_unknown_language_is_refused():
    with pytest.raises(UnknownLanguage):
        Messages("fr")


def test_language_comes_from_cli_then_environment_then_course(tmp_path: Path):
    assert choose_language("ko", {"AUTOGRADER_LANG": "en"}, "en") == "ko"
    assert choose_language(None, {"AUTOGRADER_LANG": "KO"}, "en") == "ko"
    assert choose_language(None, {}, "ko") == "ko"
    assert choose_language(None, {}, None) == "en"
    (tmp_path / "nbgrader_config.py").write_text(
        'c = get_config()  # noqa\nc.DescentKit.lang = "ko"\nc.Exchange.root = "/x"\n'
    )
    assert course_language(tmp_path) == "ko"
    assert load_settings(tmp_path, {}).lang == "ko"
    assert load_settings(tmp_path, {"AUTOGRADER_LANG": "en"}).lang == "en"
    (tmp_path / "nbgrader_config.py").write_text("this is not python (")
    assert course_language(tmp_path) is None
    assert course_language(ROOT) in LANGUAGES  # the kit's own course sets one


def _report() -> GradeReport:
    diagnosis = Diagnosis(
        "named",
        "sign_error",
        ("sign_error",),
        Text("diagnose.named", name="n", explanation="e", hint="h"),
        Text("mistake.sign_error.name", function="f"),
        Text("mistake.sign_error.explanation", function="f"),
        Text("mistake.sign_error.hint", function="f"),
    )
    failed = Result(
        "test_x",
        "f",
        0.0,
        1.0,
        "failed",
        Text("compare.not_a_number", name="x", got=Text("type.none")),
        diagnosis,
    )
    return GradeReport(
        "ps1_gradient_descent",
        "sub.py",
        (Result("test_ok", "f", 1.0, 1.0, "passed"), failed),
        notes=(Text("submission.no_code"),),
        sandbox={"layers": {"session": True, "net": False}},
    )


def test_a_report_in_korean_has_korean_headings_messages_and_diagnosis():
    messages = Messages("ko")
    report = _report().in_language(messages)
    assert report.tests[1].message == "x: 숫자여야 해요. 받은 값: None"
    assert report.tests[1].diagnosis.name == "업데이트의 부호 오류"
    assert report.notes == ("제출한 파일에 코드가 없어요",)
    as_json = report.as_json()
    assert as_json["tests"][1]["diagnosis"]["id"] == "sign_error"
    assert as_json["tests"][0]["diagnosis"] is None
    stream = io.StringIO()
    write_text(report, stream, messages)
    out = stream.getvalue()
    for word in ("테스트", "점수: 1 / 2", "무엇이 틀렸나요", "통과", "실패", "참고:", "네트워크 차단"):
        assert word in out, word
    assert "Score" not in out and "What went wrong" not in out


def test_english_stays_the_default_everywhere():
    stream = io.StringIO()
    write_text(_report(), stream)
    assert "Score: 1 / 2" in stream.getvalue() and "should be a number, but is None" in stream.getvalue()
