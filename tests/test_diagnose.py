"""diagnose.py: known mistakes are named, in English and Korean; correct submissions never get a hint.

The fast tests check the rules on hand-made calls. The slow ones grade the diagnosis cohort
(tests/cohort/diagnosis/, every mistake of solutions/*/mistakes.py in module and notebook form, plus
correct submissions in several styles) and the kit's own mistake cohort (tests/cohort/mistakes/), once
in this process per assignment and once more through `autograder grade --json --lang`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from autograder.config import Tolerance
from autograder.diagnose import (
    MistakeCatalog,
    agrees,
    diagnose_tests,
    judge_function,
    load_catalog,
    mistakes_path,
    observe,
)
from autograder.functions import quadratic
from autograder.harness import CallRecord, CallResult
from autograder.messages import LANGUAGES, Messages, Text
from autograder.results import TestResult as Result

ROOT = Path(__file__).resolve().parent.parent
COHORT = ROOT / "tests" / "cohort" / "diagnosis"
OPTIONS = {"rtol": 1e-6, "atol": 1e-9}


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


rate = _load("diagnosis_rate", COHORT / "rate.py")


# ------------------------------------------------------------------ the rules, on hand-made calls


def reference(x, factor):
    return np.asarray(x, dtype=float) * factor


def _record(value, *args, inputs_after=False, after=(), fn_calls=(), raised=None, function="scale"):
    result = None if raised else CallResult(value, tuple(after), tuple(fn_calls), 0.0)
    return CallRecord(function, args, {}, inputs_after, result, raised)


def _catalog() -> MistakeCatalog:
    catalog = MistakeCatalog()

    @catalog.mistake("scale", "sign_error")
    def negated(x, factor):
        return -reference(x, factor)

    @catalog.mistake("scale", "missing_factor_2")
    def halved(x, factor):
        return reference(x, factor) / 2

    @catalog.mistake("scale", "off_by_one")
    def plus_one(x, factor):
        return reference(x, factor + 1)

    @catalog.mistake("scale", "off_by_one")
    def minus_one(x, factor):
        return reference(x, factor - 1)

    @catalog.mistake("scale", "in_place")
    def in_place(x, factor):
        x *= factor
        return x

    return catalog


def _judge(*records, catalog=None, deadline=None):
    calls = list(enumerate(records))
    return judge_function(
        "scale", calls, catalog or _catalog(), reference, Tolerance(), deadline or time.monotonic() + 30
    )


def test_one_fitting_mistake_is_named_and_variants_count_as_one():
    verdict = _judge(_record(np.array([-2.0, -4.0]), np.array([1.0, 2.0]), 2.0))
    assert verdict.outcome == "named" and [m.id for m in verdict.mistakes] == ["sign_error"]
    verdict = _judge(_record(np.array([3.0, 6.0]), np.array([1.0, 2.0]), 2.0))
    assert verdict.outcome == "named" and verdict.mistakes[0].id == "off_by_one"  # the factor + 1 variant
    verdict = _judge(_record(np.array([1.0, 2.0]), np.array([1.0, 2.0]), 2.0))
    assert verdict.outcome == "ambiguous"  # halved and factor - 1 agree when factor is 2
    assert {m.id for m in verdict.mistakes} == {"missing_factor_2", "off_by_one"}


def test_more_inputs_tell_mistakes_apart():
    verdict = _judge(
        _record(np.array([1.0, 2.0]), np.array([1.0, 2.0]), 2.0),
        _record(np.array([2.0]), np.array([1.0]), 4.0),  # halved: 2; factor - 1: 3
    )
    assert verdict.outcome == "named" and verdict.mistakes[0].id == "missing_factor_2"


def test_no_fitting_mistake_is_unknown_and_a_matching_reference_says_nothing():
    assert _judge(_record(np.array([7.0, 7.0]), np.array([1.0, 2.0]), 2.0)).outcome == "unknown"
    assert _judge(_record(np.array([2.0, 4.0]), np.array([1.0, 2.0]), 2.0)) is None
    assert _judge(_record(np.array([2.0, 4.0 + 1e-9]), np.array([1.0, 2.0]), 2.0)) is None  # within rtol


def test_arguments_changed_in_place_are_evidence():
    x = np.array([1.0, 2.0])
    changed = _record(np.array([2.0, 4.0]), x, 2.0, inputs_after=True, after=(np.array([2.0, 4.0]), 2.0))
    verdict = _judge(changed)
    assert verdict.outcome == "named" and verdict.mistakes[0].id == "in_place"
    assert np.array_equal(x, [1.0, 2.0]), "mutants run on copies of the test's inputs"


def test_exceptions_must_agree_but_are_not_enough_alone():
    catalog = _catalog()

    @catalog.mistake("scale", "operator_precedence")
    def divides(x, factor):
        return reference(x, 1 / (factor - 2))

    raised = _record(None, np.array([1.0]), 2.0, raised="ZeroDivisionError")
    assert _judge(raised, catalog=catalog) is None, "no returned value differs from the reference"
    value = _record(np.array([1.0]), np.array([1.0]), 3.0)
    verdict = _judge(raised, value, catalog=catalog)
    assert verdict.outcome == "named" and verdict.mistakes[0].id == "operator_precedence"


def test_gradient_calls_are_counted_like_the_worker_does():
    grad = quadratic(np.eye(2), np.zeros(2))

    def descend(grad_fn, x0, steps):
        x = np.array(x0, dtype=float)
        for _ in range(steps):
            x = x - 0.1 * grad_fn(x)
        return x

    record = CallRecord("gd", (grad, [1.0, 1.0], 3), {}, False, None)
    seen = observe(descend, record)
    assert seen.fn_calls == (3,) and np.allclose(seen.value, [0.729, 0.729])
    student = observe(descend, record)
    assert agrees(student, seen, OPTIONS)
    assert not agrees(type(seen)(seen.value, (), (4,)), seen, OPTIONS)
    assert observe(lambda *a: 1 / 0, record).raised == "ZeroDivisionError"


def test_time_is_bounded():
    record = _record(np.array([-2.0]), np.array([1.0]), 2.0)
    assert _judge(record, deadline=time.monotonic() - 1) is None


def _reference_module():
    module = type(sys)("reference")
    module.scale = reference
    return module


def test_only_failed_tests_whose_own_calls_differ_get_a_diagnosis():
    wrong = _record(np.array([-2.0, -4.0]), np.array([1.0, 2.0]), 2.0)
    zero = _record(np.array([0.0]), np.array([0.0]), 2.0)  # a sign error does not show at 0
    tests = (
        Result("test_passed", "scale", 1.0, 1.0, "passed"),
        Result("test_wrong", "scale", 0.0, 1.0, "failed", "scale(...): bad"),
        Result("test_failed_elsewhere", "scale", 0.0, 1.0, "failed", "not a float"),
    )
    out = diagnose_tests(
        tests, [[1], [0], [1]], [wrong, zero], _catalog(), _reference_module(), Tolerance(), 30
    )
    assert out[0].diagnosis is None and out[0].message == ""
    assert out[1].diagnosis.id == "sign_error"
    assert out[1].message.startswith("scale(...): bad\nLikely mistake: sign error")
    assert out[2].diagnosis is None and out[2].message == "not a float"


def test_an_error_gets_a_hint_only_when_a_mistake_raising_the_same_way_is_named():
    catalog = _catalog()

    @catalog.mistake("scale", "operator_precedence")
    def divides(x, factor):
        return reference(x, 1 / (factor - 2))

    raised = _record(None, np.array([1.0]), 2.0, raised="ZeroDivisionError")
    value = _record(np.array([1.0]), np.array([1.0]), 3.0)
    tests = (
        Result("test_error", "scale", 0.0, 1.0, "error", "scale raised ZeroDivisionError"),
        Result("test_value", "scale", 0.0, 1.0, "failed", "scale(...): bad"),
    )
    out = diagnose_tests(tests, [[0], [1]], [raised, value], catalog, _reference_module(), Tolerance(), 30)
    assert [t.diagnosis.id for t in out] == ["operator_precedence"] * 2
    other = _record(None, np.array([1.0]), 2.0, raised="ValueError")  # no mutant raises that
    out = diagnose_tests(tests, [[0], [1]], [other, value], catalog, _reference_module(), Tolerance(), 30)
    assert out[0].diagnosis is None and out[1].diagnosis.outcome == "unknown"


def test_the_diagnosis_reads_well_in_both_languages():
    module = _reference_module()
    tests = (
        Result("test_wrong", "scale", 0.0, 1.0, "failed", Text("compare.not_a_number", name="x", got="?")),
    )
    record = _record(np.array([-2.0, -4.0]), np.array([1.0, 2.0]), 2.0)
    (out,) = diagnose_tests(tests, [[0]], [record], _catalog(), module, Tolerance(), 30)
    english, korean = Messages("en").render(out.message), Messages("ko").render(out.message)
    assert "Likely mistake: sign error in the update." in english and "Hint: Subtract the step" in english
    assert "흔한 실수로 보여요: 업데이트의 부호 오류." in korean and "힌트: 스텝을 빼세요" in korean
    assert "x: 숫자여야 해요" in korean and "Likely" not in korean


def test_the_rate_covers_the_whole_kit_cohort():
    stems = {p.stem for p in (ROOT / "tests" / "cohort" / "mistakes").glob("*.py")}
    assert sorted(stems - set(rate.KIT_EXPECTED)) == [], "add the new mistakes to KIT_EXPECTED in rate.py"


def test_the_cohort_is_up_to_date():
    done = subprocess.run(
        [sys.executable, str(COHORT / "make_cohort.py"), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ------------------------------------------------------------------ the cohorts, graded for real


ENTRIES = rate.diagnosis_cohort() + rate.kit_cohort()


@pytest.fixture(scope="module")
def graded():
    return rate.grade_entries(ENTRIES)


def _expected_words(entry, lang: str) -> list[str]:
    """The mistake's name and hint as the student reads them: from the engine's catalog, or from the
    assignment's own mistakes.py when it carries its texts (course data, e.g. ps5)."""
    messages = Messages(lang)
    lead = {"en": "Likely mistake: ", "ko": "흔한 실수로 보여요: "}[lang]
    catalog = load_catalog(mistakes_path(ROOT / "solutions", entry.assignment))
    (mistake,) = [m for m in catalog.mistakes(entry.function) if m.id == entry.mistake]
    return [lead + messages.render(mistake.text("name")), messages.render(mistake.text("hint"))]


@pytest.mark.slow
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.label)
def test_each_mistake_is_named_in_both_languages_and_correct_code_gets_no_hint(graded, entry):
    for lang in LANGUAGES:
        report = graded[entry.path][lang]
        assert rate.judge(entry, report) == "", lang
        if entry.mistake:
            messages = [
                t["message"] for t in report["tests"] if t["function"] == entry.function and t["diagnosis"]
            ]
            for word in _expected_words(entry, lang):
                assert all(word in m for m in messages), (lang, word)
            other = {"en": "흔한 실수", "ko": "Likely mistake"}[lang]
            assert not any(other in m for m in messages)


@pytest.mark.slow
def test_diagnosis_rate_on_both_cohorts(graded):
    for entries in (rate.diagnosis_cohort(), rate.kit_cohort()):
        mistaken = [e for e in entries if e.mistake]
        named = [e for e in mistaken if not rate.judge(e, graded[e.path]["en"])]
        assert len(named) == len(mistaken) > 20


def _cli(entry, lang: str) -> dict:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            entry.assignment,
            str(entry.path),
            "--json",
            "--lang",
            lang,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        env={**os.environ, "AUTOGRADER_LANG": "en" if lang == "ko" else "ko"},  # --lang wins
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# Every mistake's first variant in both forms, and every correct submission: modules in English,
# notebooks in Korean (the in-process test above checks both languages of every submission).
CLI_ENTRIES = [
    e for e in rate.diagnosis_cohort() if e.form == "notebook" or e.path.with_suffix(".ipynb").exists()
]


@pytest.mark.slow
def test_autograder_grade_names_each_mistake_from_the_command_line():
    jobs = [(e, "en" if e.form == "module" else "ko") for e in CLI_ENTRIES]
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda job: _cli(*job), jobs))
    problems = [
        f"{e.label} [{lang}]: {rate.judge(e, r)}" for (e, lang), r in zip(jobs, reports) if rate.judge(e, r)
    ]
    assert problems == []
    for (entry, lang), report in zip(jobs, reports):
        if entry.mistake:
            diagnosed = [t for t in report["tests"] if t["function"] == entry.function and t["diagnosis"]]
            words = _expected_words(entry, lang)
            assert all(words[0] in t["message"] for t in diagnosed), (entry.label, lang)
            assert diagnosed[0]["diagnosis"]["name"] in words[0]
