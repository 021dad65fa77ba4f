"""Every sentence the grader shows, in English and Korean, and the two types that carry them.

The engine never writes user-facing prose in code. It builds a `Text`: a catalog key and its
parameters. A `Text` *is* a `str` (its English rendering), so code and tests that treat messages as
strings keep working; a `Messages` object renders the same `Text` in the language chosen for the run:

    problem = Text("compare.number_off", name="x", value="1.1", off=Text("compare.off", ...))
    str(problem)                    # 'x is 1.1, expected 1 (off by 0.1)'
    Messages("ko").render(problem)  # 'x 값: 1.1, 기대한 값: 1 (차이 0.1)'

Parameters may be Texts themselves (rendered in the same language) or lists (not tuples) of
strings/Texts, joined with ", ". Anything else is formatted as it is, so templates may use format specs such as `{seconds:g}`.
Korean messages are written in 해요체; a placeholder is never followed by a particle that depends on
its last sound (은/는, 이/가): templates put a colon or a fixed noun after it instead.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"


class UnknownLanguage(ValueError):
    """A language the catalog does not have."""


class Text(str):
    """A catalog message: `key` and `params`; as a plain string it is the English rendering."""

    key: str
    params: Mapping[str, Any]

    def __new__(cls, key: str, /, **params: Any) -> Text:
        self = super().__new__(cls, _render(key, params, DEFAULT_LANGUAGE))
        self.key = key
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.key, dict(self.params)))


def _rebuild(key: str, params: dict[str, Any]) -> Text:
    return Text(key, **params)


@dataclass(frozen=True)
class Messages:
    """Renders catalog messages in one language, chosen once per run and passed to whoever writes."""

    lang: str = DEFAULT_LANGUAGE

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise UnknownLanguage(
                str(Text("lang.unknown", lang=repr(self.lang), choices=", ".join(LANGUAGES)))
            )

    def __call__(self, key: str, /, **params: Any) -> str:
        """The message `key` with `params`, in this language."""
        return _render(key, params, self.lang)

    def render(self, message: Any) -> str:
        """A Text in this language; any other string (e.g. a hidden test's own words) as it is."""
        if isinstance(message, Text):
            return _render(message.key, message.params, self.lang)
        return "" if message is None else str(message)


LOCALIZED = "localized"
"""The key of a text the course supplies itself, one string per language (see `localized`)."""


def localized(**texts: str) -> Text:
    """A text written by the course, not the engine (a mistake catalogue's hint, a hidden test's own
    message), in each language: localized(en="...", ko="..."). Rendered in the reader's language, else
    in English. `autograder check` verifies every language an assignment declares is there."""
    return Text(LOCALIZED, **texts)


def _render(key: str, params: Mapping[str, Any], lang: str) -> str:
    if key == LOCALIZED:
        return str(params.get(lang) or params.get(DEFAULT_LANGUAGE) or "")
    entry = CATALOG.get(key)
    if entry is None:  # a missing key must never stop grading; tests/test_messages.py catches it
        return key + (" " + ", ".join(f"{k}={v}" for k, v in params.items()) if params else "")
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    values = {name: _value(value, lang) for name, value in params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return entry[DEFAULT_LANGUAGE].format_map(_Lenient(values))


def _value(value: Any, lang: str) -> Any:
    if isinstance(value, Text):
        return _render(value.key, value.params, lang)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(_value(v, lang) for v in value)
    return value


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def placeholders(template: str) -> set[str]:
    """The names of a template's {placeholders} (format specs and conversions left out)."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def choose_language(cli: str | None, environ: Mapping[str, str] | None, course_default: str | None) -> str:
    """The language of a run: the command line, else AUTOGRADER_LANG, else the course's, else English."""
    env = os.environ if environ is None else environ
    for candidate in (cli, env.get("AUTOGRADER_LANG"), course_default):
        if candidate:
            return candidate.strip().lower()
    return DEFAULT_LANGUAGE


# ------------------------------------------------------------------------------------------------------
# The catalog: key -> {"en": ..., "ko": ...}. Both languages, the same placeholders (tests check it).
# ------------------------------------------------------------------------------------------------------

CATALOG: dict[str, dict[str, str]] = {
    # --- languages ----------------------------------------------------------------------------------
    "lang.unknown": {
        "en": "unknown language {lang}; choose one of: {choices}",
        "ko": "알 수 없는 언어: {lang}. 다음 중에서 고르세요: {choices}",
    },
    # --- compare.py: describing values ----------------------------------------------------------------
    "type.none": {"en": "None", "ko": "None"},
    "type.bool": {"en": "a bool ({value})", "ko": "불리언 값({value})"},
    "type.number": {"en": "a number ({value})", "ko": "숫자({value})"},
    "type.array": {"en": "an array of shape {shape}", "ko": "모양 {shape}의 배열"},
    "type.tuple": {"en": "a tuple of {count} items", "ko": "항목 {count}개짜리 튜플"},
    "type.list": {"en": "a list of {count} items", "ko": "항목 {count}개짜리 리스트"},
    "type.string": {"en": "a string ({text})", "ko": "문자열({text})"},
    "type.object": {"en": "an object of type {type_name}", "ko": "{type_name} 타입의 객체"},
    "type.unexpected": {"en": "an unexpected value", "ko": "예상하지 못한 값"},
    "name.result": {"en": "the result", "ko": "결과"},
    "name.item": {"en": "{name}[{index}]", "ko": "{name}[{index}]"},
    # --- compare.py: how a value differs ------------------------------------------------------------
    "compare.not_a_sequence": {
        "en": "{name} should be a tuple of {count} items, but is {got}",
        "ko": "{name}: 항목 {count}개짜리 튜플이어야 해요. 받은 값: {got}",
    },
    "compare.wrong_count": {
        "en": "{name} should have {expected} items, but has {got}",
        "ko": "{name}: 항목이 {expected}개여야 하는데 {got}개예요",
    },
    "compare.not_equal": {
        "en": "{name} should be {expected}, but is {got}",
        "ko": "{name}: 기대한 값 {expected}, 받은 값 {got}",
    },
    "compare.not_a_number": {
        "en": "{name} should be a number, but is {got}",
        "ko": "{name}: 숫자여야 해요. 받은 값: {got}",
    },
    "compare.nan_number": {
        "en": "{name} is NaN (not a number): something overflowed or divided by zero",
        "ko": "{name}: NaN(숫자가 아님)이에요. 어딘가에서 값이 넘쳤거나 0으로 나눴어요",
    },
    "compare.number_off": {"en": "{name} is {value}, {off}", "ko": "{name} 값: {value}, {off}"},
    "compare.off": {
        "en": "expected {expected} (off by {difference})",
        "ko": "기대한 값: {expected} (차이 {difference})",
    },
    "compare.off_hidden_inf": {"en": "which is not the expected value", "ko": "기대한 값과 달라요"},
    "compare.off_hidden": {
        "en": "which is not the expected value (relative error {relative})",
        "ko": "기대한 값과 달라요 (상대 오차 {relative})",
    },
    "compare.not_an_array": {
        "en": "{name} should be an array of {count} numbers, but is {got}",
        "ko": "{name}: 숫자 {count}개짜리 배열이어야 해요. 받은 값: {got}",
    },
    "compare.not_a_list": {
        "en": "{name} should be a list of {count} numbers, but is {got}",
        "ko": "{name}: 숫자 {count}개짜리 리스트여야 해요. 받은 값: {got}",
    },
    "compare.reshape": {
        "en": "{name} has shape {got} but should have shape {expected} (check your reshaping)",
        "ko": "{name}: 기대한 모양 {expected}, 받은 모양 {got} (reshape을 확인하세요)",
    },
    "compare.entry_count": {
        "en": "{name} has {got} entries, but should have {expected}",
        "ko": "{name}: 원소가 {expected}개여야 하는데 {got}개예요",
    },
    "compare.shape": {
        "en": "{name} has shape {got}, but should have shape {expected}",
        "ko": "{name}: 기대한 모양 {expected}, 받은 모양 {got}",
    },
    "compare.nan_array": {
        "en": "{name} contains NaN (not a number), first at {where}: something overflowed",
        "ko": "{name}: NaN(숫자가 아님)이 들어 있어요. 처음 나오는 곳: {where}. 어딘가에서 값이 넘쳤어요",
    },
    "compare.entries_wrong": {
        "en": "{name}: {count} of {size} entries are wrong; at {where} you have {value}, {off}",
        "ko": "{name}: 원소 {size}개 중 {count}개가 틀렸어요. {where} 값: {value}, {off}",
    },
    # --- compare.py: describing a call ----------------------------------------------------------------
    "call.signature": {"en": "{function}({args})", "ko": "{function}({args})"},
    "call.keyword": {"en": "{name}={value}", "ko": "{name}={value}"},
    "call.array": {"en": "<array of shape {shape}>", "ko": "<모양 {shape}의 배열>"},
    "call.sequence": {"en": "<{kind} of {count} items>", "ko": "<항목 {count}개짜리 {kind}>"},
    "call.described": {"en": "<{description}>", "ko": "<{description}>"},
    # --- functions.py: gradients passed to student code -----------------------------------------------
    "fn.quadratic": {
        "en": "the gradient A @ x - b of a quadratic in {count} variable(s)",
        "ko": "변수 {count}개짜리 이차함수의 기울기 A @ x - b",
    },
    "fn.rosenbrock": {"en": "the gradient of the Rosenbrock function", "ko": "로젠브록 함수의 기울기"},
    "fn.quartic": {
        "en": "the gradient of sum((x - c)**4) in {count} variable(s)",
        "ko": "변수 {count}개짜리 sum((x - c)**4)의 기울기",
    },
    # --- harness.py: checks hidden tests use --------------------------------------------------------
    "harness.changed_in_place": {
        "en": (
            "the function changed its argument(s) {labels} in place; work on copies (for example "
            "`w = w.copy()`) instead of modifying what you were given"
        ),
        "ko": (
            "함수가 인자 {labels}의 값을 제자리에서 바꿨어요. 받은 배열을 고치지 말고 복사본으로 "
            "작업하세요 (예: `w = w.copy()`)"
        ),
    },
    "harness.grad_calls": {
        "en": "grad_fn was called {count} times for {iterations} iterations; call it once per step",
        "ko": "반복 {iterations}번에 grad_fn을 {count}번 불렀어요. 한 스텝에 한 번만 부르세요",
    },
    "harness.unknown_count": {"en": "an unknown number of", "ko": "알 수 없는 횟수만큼"},
    # --- solutions/<assignment>/test_hidden.py: checks of a returned value's form -----------------------
    "tests.not_a_number": {
        "en": "{function} should return a single number (a float), but returned {kind}",
        "ko": "{function}은(는) 숫자 하나(float)를 돌려줘야 하는데 {kind}을(를) 돌려줬어요",
    },
    "tests.not_a_triple": {
        "en": "{function} should return a tuple {names}, but returned {kind}",
        "ko": "{function}은(는) 튜플 {names}을(를) 돌려줘야 하는데 {kind}을(를) 돌려줬어요",
    },
    "tests.not_shaped_like": {
        "en": "{name} should be an array of shape {shape} like {like}, but is {kind}",
        "ko": "{name}은(는) {like}처럼 모양 {shape}의 배열이어야 하는데 {kind}이에요",
    },
    "tests.losses_per_update": {
        "en": (
            "losses should have iterations + 1 = {count} entries (the loss before any update, then one "
            "after each update), but is {kind}"
        ),
        "ko": (
            "losses에는 iterations + 1 = {count}개의 값이 있어야 해요 (업데이트 전의 손실 하나, 그다음 "
            "업데이트마다 하나씩). 지금은 {kind}이에요"
        ),
    },
    "tests.losses_per_epoch": {
        "en": (
            "losses should have epochs + 1 = {count} entries (the loss before training, then one after "
            "each epoch), but is {kind}"
        ),
        "ko": (
            "losses에는 epochs + 1 = {count}개의 값이 있어야 해요 (학습 전의 손실 하나, 그다음 에포크마다 "
            "하나씩). 지금은 {kind}이에요"
        ),
    },
    # --- session.py: loading and calling the student's code -------------------------------------------
    "session.too_many_restarts": {
        "en": "your code stopped the grader's worker too many times; grading gave up",
        "ko": "코드가 채점 프로세스를 너무 여러 번 멈추게 해서 채점을 중단했어요",
    },
    "session.worker_not_started": {
        "en": "the sandboxed worker did not start ({error}): {output}",
        "ko": "샌드박스 작업 프로세스가 시작되지 않았어요 ({error}): {output}",
    },
    "session.worker_bad_start": {
        "en": "the sandboxed worker did not start properly",
        "ko": "샌드박스 작업 프로세스가 제대로 시작되지 않았어요",
    },
    "session.load_failed": {
        "en": "your code could not be loaded: the process running it failed",
        "ko": "코드를 불러오지 못했어요: 코드를 실행하던 프로세스가 실패했어요",
    },
    "session.place": {"en": "{origin}, line {line}", "ko": "{origin}, {line}번째 줄"},
    "session.load_timeout": {
        "en": (
            "{place}: this code was still running after {seconds:g} s when the file was loaded, so it "
            "was skipped (is there a loop or a long computation at the top level?)"
        ),
        "ko": (
            "{place}: 파일을 불러올 때 이 코드가 {seconds:g}초가 지나도 끝나지 않아서 건너뛰었어요 "
            "(맨 바깥에 반복문이나 오래 걸리는 계산이 있나요?)"
        ),
    },
    "session.load_died": {
        "en": "{place}: this code stopped the Python process running it ({error}), so it was skipped",
        "ko": "{place}: 이 코드가 실행 중인 파이썬 프로세스를 멈추게 해서 건너뛰었어요 ({error})",
    },
    "session.load_error": {"en": "{where}: {kind}: {text}", "ko": "{where}: {kind}: {text}"},
    "session.where_line": {"en": "line {line} ({origin})", "ko": "{origin}, {line}번째 줄"},
    "session.where_line_in": {
        "en": "line {line} in {function} ({origin})",
        "ko": "{origin}, {function}의 {line}번째 줄",
    },
    "session.not_run_after_timeout": {
        "en": "not run: an earlier test of {function} ran out of time",
        "ko": "실행하지 않았어요: 앞선 {function} 테스트에서 시간이 초과됐어요",
    },
    "session.timeout": {
        "en": (
            "{function} did not finish within {seconds:g} s (look for a loop that never ends, or far "
            "more work than needed)"
        ),
        "ko": (
            "{function}이(가) {seconds:g}초 안에 끝나지 않았어요 (끝나지 않는 반복문이나 필요보다 훨씬 "
            "많은 계산이 있는지 확인하세요)"
        ),
    },
    "session.died": {
        "en": "{function} stopped the Python process running it: {error}",
        "ko": "{function}이(가) 실행 중인 파이썬 프로세스를 멈추게 했어요: {error}",
    },
    "session.exited": {
        "en": "{function} called sys.exit() instead of returning a value",
        "ko": "{function}이(가) 값을 돌려주는 대신 sys.exit()를 불렀어요",
    },
    "session.interrupted": {
        "en": "{function} raised KeyboardInterrupt instead of returning a value",
        "ko": "{function}이(가) 값을 돌려주는 대신 KeyboardInterrupt를 일으켰어요",
    },
    "session.raised": {"en": "{function} raised {kind}: {text}", "ko": "{function}에서 {kind} 발생: {text}"},
    "session.with_where": {"en": "{message} ({where})", "ko": "{message} ({where})"},
    "session.unreadable": {
        "en": "{function} returned something the grader could not read ({error})",
        "ko": "{function}이(가) 채점기가 읽을 수 없는 값을 돌려줬어요 ({error})",
    },
    "session.not_a_function": {
        "en": "{function} is defined but is not a function",
        "ko": "{function}이(가) 정의돼 있지만 함수가 아니에요",
    },
    "session.missing": {
        "en": "your submission does not define a function named {function}",
        "ko": "제출한 코드에 이름이 {function}인 함수가 없어요",
    },
    "session.missing_because": {
        "en": "your submission does not define a function named {function} ({problem})",
        "ko": "제출한 코드에 이름이 {function}인 함수가 없어요 ({problem})",
    },
    # --- sandbox.py: why a worker stopped -------------------------------------------------------------
    "sandbox.stopped": {"en": "the worker stopped", "ko": "작업 프로세스가 멈췄어요"},
    "sandbox.reply_too_large": {
        "en": "the worker sent an answer larger than the grader accepts",
        "ko": "작업 프로세스가 채점기가 받을 수 있는 것보다 큰 답을 보냈어요",
    },
    "sandbox.channel_closed": {
        "en": "the worker closed its channel",
        "ko": "작업 프로세스가 통신 채널을 닫았어요",
    },
    "sandbox.cpu_time": {"en": "it used up its CPU time", "ko": "CPU 시간을 다 썼어요"},
    "sandbox.signal": {"en": "it was killed by signal {signal}", "ko": "{signal} 시그널로 강제 종료됐어요"},
    "sandbox.exit_status": {"en": "it exited with status {code}", "ko": "종료 코드 {code}(으)로 끝났어요"},
    "sandbox.template_not_started": {
        "en": "the template did not start: {reply}",
        "ko": "템플릿 프로세스가 시작되지 않았어요: {reply}",
    },
    "sandbox.template_stopped": {
        "en": "the template stopped ({error})",
        "ko": "템플릿 프로세스가 멈췄어요 ({error})",
    },
    "sandbox.template_stopped_output": {
        "en": "the template stopped: {output}",
        "ko": "템플릿 프로세스가 멈췄어요: {output}",
    },
    "sandbox.output_dropped": {
        "en": "[... {count} more bytes of output not shown]",
        "ko": "[... 출력 {count}바이트는 생략했어요]",
    },
    # --- submission.py: reading the file ------------------------------------------------------------
    "submission.too_large": {
        "en": "the file is {size} MB, over the {limit} MB limit",
        "ko": "파일 크기가 {size} MB로, 제한({limit} MB)을 넘어요",
    },
    "submission.no_code": {"en": "the submission contains no code", "ko": "제출한 파일에 코드가 없어요"},
    "submission.not_utf8": {
        "en": (
            "the file is not valid UTF-8 text (first bad byte on line {line}); unreadable characters "
            "were replaced. Save the file as UTF-8."
        ),
        "ko": (
            "파일이 올바른 UTF-8 텍스트가 아니에요 (처음 잘못된 바이트: {line}번째 줄). 읽을 수 없는 "
            "글자는 바꿔 넣었어요. 파일을 UTF-8로 저장하세요."
        ),
    },
    "submission.bad_json": {
        "en": "the notebook file is damaged and cannot be opened (not valid JSON: {error})",
        "ko": "노트북 파일이 손상돼서 열 수 없어요 (올바른 JSON이 아님: {error})",
    },
    "submission.bad_notebook": {
        "en": "the notebook's structure is not valid ({kind}: {error})",
        "ko": "노트북의 구조가 올바르지 않아요 ({kind}: {error})",
    },
    "submission.syntax_error": {
        "en": "{origin}, line {line}: syntax error: {error}",
        "ko": "{origin}, {line}번째 줄: 문법 오류: {error}",
    },
    "submission.syntax_error_lost": {
        "en": "{origin}, line {line}: syntax error: {error} ({names} could not be read)",
        "ko": "{origin}, {line}번째 줄: 문법 오류: {error} (읽지 못한 함수: {names})",
    },
    "submission.unreadable_kind": {
        "en": "{origin}, line {line}: code could not be read ({kind})",
        "ko": "{origin}, {line}번째 줄: 코드를 읽을 수 없어요 ({kind})",
    },
    "submission.unreadable": {
        "en": "{origin}, line {line}: code could not be read",
        "ko": "{origin}, {line}번째 줄: 코드를 읽을 수 없어요",
    },
    # --- run.py: one test's outcome -----------------------------------------------------------------
    "run.call_failed": {"en": "{call}: {problem}", "ko": "{call}: {problem}"},
    "run.unusable_result": {
        "en": "it returned {kind}, which the test could not use ({error}); check what your function returns",
        "ko": "반환값이 {kind}이라서 테스트가 사용할 수 없었어요 ({error}). 함수가 무엇을 반환하는지 확인해 보세요",
    },
    "run.with_diagnosis": {"en": "{message}\n{diagnosis}", "ko": "{message}\n{diagnosis}"},
    "run.grader_could_not_run": {
        "en": "the grader could not run your code (not your fault); ask your instructor",
        "ko": "채점기가 코드를 실행하지 못했어요 (학생 잘못이 아니에요). 담당 교수자에게 문의하세요",
    },
    "run.test_broken": {
        "en": "this test failed inside the grader (not your fault); your instructor has been told",
        "ko": "이 테스트는 채점기 안에서 실패했어요 (학생 잘못이 아니에요). 담당 교수자에게 알렸어요",
    },
    "run.hidden_tests_missing": {
        "en": (
            "the hidden tests for {assignment} are not here ({path}); they are instructor-only. "
            "Students can check their work with the notebook's visible tests."
        ),
        "ko": (
            "{assignment}의 숨은 테스트가 여기에 없어요 ({path}). 숨은 테스트는 교수자만 가지고 있어요. "
            "학생은 노트북의 공개 테스트로 자기 코드를 확인할 수 있어요."
        ),
    },
    "run.reference_missing": {
        "en": "cannot load the reference solution {path}",
        "ko": "참조 답안 {path}을(를) 불러올 수 없어요",
    },
    "run.not_graded": {
        "en": "{test}: hidden test without @graded(function, points)",
        "ko": "{test}: @graded(function, points)가 없는 숨은 테스트",
    },
    "run.hidden_test_failed": {
        "en": "hidden test {test} failed on the grader's side:\n{details}",
        "ko": "숨은 테스트 {test}이(가) 채점기 쪽에서 실패했어요:\n{details}",
    },
    # --- course.py and cli.py -------------------------------------------------------------------------
    "course.unknown_assignment": {
        "en": (
            "unknown assignment {name}; the course has: {names} (its assignments are the folders "
            "solutions/<assignment>/ holding an assignment.toml, instructor-only)"
        ),
        "ko": (
            "알 수 없는 과제: {name}. 이 강좌의 과제: {names} (과제는 assignment.toml이 있는 "
            "solutions/<과제>/ 폴더이며, 강사만 볼 수 있어요)"
        ),
    },
    # --- course.py: the manifests (solutions/<assignment>/assignment.toml) -----------------------------
    "manifest.at": {"en": "{key}: {problem}", "ko": "{key}: {problem}"},
    "manifest.cannot_read": {
        "en": "cannot read the manifest: {error}",
        "ko": "매니페스트를 읽을 수 없어요: {error}",
    },
    "manifest.not_toml": {
        "en": "not valid TOML: {error}",
        "ko": "올바른 TOML이 아니에요: {error}",
    },
    "manifest.bad_folder": {
        "en": "the folder name {name} is not a valid assignment name (letters, digits and _)",
        "ko": "폴더 이름 {name}은(는) 과제 이름으로 쓸 수 없어요 (영문자, 숫자, _만 가능)",
    },
    "manifest.unknown_key": {"en": "unknown key (known: {known})", "ko": "알 수 없는 키예요 (가능한 키: {known})"},
    "manifest.module": {
        "en": 'must be a Python file name such as "gradient_descent.py"',
        "ko": '"gradient_descent.py" 같은 파이썬 파일 이름이어야 해요',
    },
    "manifest.functions": {
        "en": "must be a non-empty list of function names",
        "ko": "함수 이름이 하나 이상 든 리스트여야 해요",
    },
    "manifest.functions_twice": {"en": "names a function twice", "ko": "같은 함수를 두 번 적었어요"},
    "manifest.languages": {
        "en": "must be a non-empty list of {choices}",
        "ko": "{choices} 중에서 하나 이상 든 리스트여야 해요",
    },
    "manifest.limits_table": {"en": "must be a table: [limits]", "ko": "[limits] 표여야 해요"},
    "manifest.unknown_limit": {
        "en": "unknown limit (known: {known})",
        "ko": "알 수 없는 제한이에요 (가능한 제한: {known})",
    },
    "manifest.seconds": {"en": "must be a positive number of seconds", "ko": "0보다 큰 초 단위 숫자여야 해요"},
    "manifest.title": {"en": "must be a string", "ko": "문자열이어야 해요"},
    "manifest.authoring": {"en": "must be one of {choices}", "ko": "{choices} 중 하나여야 해요"},
    # --- check.py: `autograder check`, the instructor's lint --------------------------------------------
    "check.unknown": {
        "en": "no solutions/{name}/assignment.toml; the course has: {names}",
        "ko": "solutions/{name}/assignment.toml이 없어요. 이 강좌의 과제: {names}",
    },
    "check.missing": {"en": "missing", "ko": "파일이 없어요"},
    "check.release_missing": {
        "en": "missing: build the release (scripts/build_sources.py --release)",
        "ko": "파일이 없어요: 배포본을 만드세요 (scripts/build_sources.py --release)",
    },
    "check.reference_fails": {
        "en": "the reference fails {test}: {message}",
        "ko": "참조 풀이가 {test}에서 실패해요: {message}",
    },
    "check.reference_note": {
        "en": "note while grading the reference: {note}",
        "ko": "참조 풀이를 채점하는 중에 나온 참고 사항: {note}",
    },
    "check.no_points": {
        "en": "graded function {function} has no hidden test worth points",
        "ko": "채점 함수 {function}에 점수가 있는 숨은 테스트가 없어요",
    },
    "check.unlisted_function": {
        "en": "hidden tests grade {function}, which `functions` does not list",
        "ko": "숨은 테스트가 {function}을(를) 채점하는데 `functions`에 없어요",
    },
    "check.mistakes_unusable": {"en": "cannot use it: {error}", "ko": "이 파일을 쓸 수 없어요: {error}"},
    "check.hidden_tests_broken": {
        "en": "the hidden tests cannot run: {error}",
        "ko": "숨은 테스트를 실행할 수 없어요: {error}",
    },
    "check.mistake_loses_nothing": {
        "en": "{variant} ({mistake}) loses no point on any hidden test the reference passes",
        "ko": "{variant} ({mistake})이(가) 참조 풀이가 통과하는 어떤 숨은 테스트에서도 점수를 잃지 않아요",
    },
    "check.mistake_not_named": {
        "en": "{variant} ({mistake}) is not the mistake the diagnosis names (it says: {said})",
        "ko": "진단이 {variant} ({mistake})을(를) 그 실수로 짚지 못해요 (진단 결과: {said})",
    },
    "check.nothing": {"en": "nothing", "ko": "없음"},
    "check.text_missing": {"en": "text missing: {key}", "ko": "문구가 없어요: {key}"},
    "check.title_missing": {
        "en": "hidden test {test} has no title in {langs}: add title=localized(...) to its @graded(...)",
        "ko": "숨은 테스트 {test}에 제목이 없는 언어: {langs}. @graded(...)에 title=localized(...)를 넣어 주세요",
    },
    "check.source_missing": {
        "en": "missing: the nbgrader source notebook of the assignment",
        "ko": "파일이 없어요: 과제의 nbgrader 원본 노트북",
    },
    "check.differs_notebook_truth": {
        "en": (
            "{function} differs from its answer cell in {notebook}, the single source of truth "
            '(authoring = "notebook"): run scripts/build_sources.py {name}'
        ),
        "ko": (
            "{function}이(가) 단일 원본인 {notebook}의 답안 셀과 달라요 "
            '(authoring = "notebook"): scripts/build_sources.py {name}을(를) 실행하세요'
        ),
    },
    "check.differs_module_truth": {
        "en": (
            "the answer cell of {function} differs from {module}, the single source of truth "
            '(authoring = "module"): run scripts/build_sources.py {name}'
        ),
        "ko": (
            "{function}의 답안 셀이 단일 원본인 {module}과(와) 달라요 "
            '(authoring = "module"): scripts/build_sources.py {name}을(를) 실행하세요'
        ),
    },
    "check.no_visible_checks": {"en": "no visible checks: {error}", "ko": "공개 확인이 없어요: {error}"},
    "check.no_visible_check": {
        "en": "the released notebook has no visible check",
        "ko": "배포한 노트북에 공개 확인 셀이 없어요",
    },
    "check.visible_fails_reference": {
        "en": "visible check {check} fails on the reference: {message}",
        "ko": "공개 확인 {check}이(가) 참조 풀이에서 실패해요: {message}",
    },
    "check.stub_passes": {
        "en": "the visible checks pass on the released stub, which does nothing",
        "ko": "아무것도 하지 않는 배포용 빈 모듈이 공개 확인을 통과해요",
    },
    "check.leak": {
        "en": "released text copies {source}:{line}: {text}",
        "ko": "배포한 내용이 {source}:{line}을(를) 그대로 담고 있어요: {text}",
    },
    "check.nbclient_missing": {
        "en": "cannot run it: nbclient is missing (pip install 'descent-kit-autograder[course]')",
        "ko": "실행할 수 없어요: nbclient가 없어요 (pip install 'descent-kit-autograder[course]')",
    },
    "check.answer_cells": {
        "en": "{answers} answer cells for {functions} graded functions",
        "ko": "채점 함수는 {functions}개인데 답안 셀은 {answers}개예요",
    },
    "check.cell_timeout": {
        "en": "a cell ran longer than {seconds:g} s",
        "ko": "한 셀이 {seconds:g}초보다 오래 실행됐어요",
    },
    "check.notebook_fails": {
        "en": "does not run with the reference code: {error}",
        "ko": "참조 코드로 실행되지 않아요: {error}",
    },
    "check.notebook_slow": {
        "en": "ran {seconds:.0f} s, over notebook_seconds = {limit:g}",
        "ko": "{seconds:.0f}초 걸려서 notebook_seconds = {limit:g}를 넘었어요",
    },
    "check.progress.grading": {
        "en": "{name}: grading the reference and {count} mutant(s) from mistakes.py",
        "ko": "{name}: 참조 풀이와 mistakes.py의 변형 {count}개를 채점하는 중",
    },
    "check.progress.release": {
        "en": "{name}: single source, visible checks and release",
        "ko": "{name}: 단일 원본, 공개 확인, 배포본을 확인하는 중",
    },
    "check.progress.kernel": {
        "en": "{name}: running the released notebook with the reference code in a kernel",
        "ko": "{name}: 참조 코드를 넣은 배포 노트북을 커널에서 실행하는 중",
    },
    "check.ok": {"en": "{name}: ok", "ko": "{name}: 통과"},
    "check.failed": {"en": "{name}: FAILED, {count} finding(s)", "ko": "{name}: 실패, 문제 {count}개"},
    # --- scaffold.py: `autograder new` ----------------------------------------------------------------
    "scaffold.bad_name": {
        "en": "{name} is not a valid assignment name (letters, digits and _)",
        "ko": "{name}은(는) 과제 이름으로 쓸 수 없어요 (영문자, 숫자, _만 가능)",
    },
    "scaffold.bad_module": {
        "en": "{module} is not a Python module file name",
        "ko": "{module}은(는) 파이썬 모듈 파일 이름이 아니에요",
    },
    "scaffold.exists": {
        "en": "{path} exists already; choose another name",
        "ko": "{path}이(가) 이미 있어요. 다른 이름을 고르세요",
    },
    "scaffold.wrote": {"en": "wrote {path}", "ko": "만든 파일: {path}"},
    "scaffold.next": {
        "en": "next: edit them, then scripts/build_sources.py --release {name} and autograder check {name}",
        "ko": "다음 단계: 파일을 고친 뒤 scripts/build_sources.py --release {name}, autograder check {name}을(를) 실행하세요",
    },
    "cli.no_such_file": {"en": "no such submission file: {path}", "ko": "제출 파일이 없어요: {path}"},
    "cli.cannot_grade": {"en": "cannot grade: {error}", "ko": "채점할 수 없어요: {error}"},
    # --- report.py: the readable report -------------------------------------------------------------
    "report.column.test": {"en": "test", "ko": "테스트"},
    "report.column.function": {"en": "function", "ko": "함수"},
    "report.column.points": {"en": "points", "ko": "점수"},
    "report.column.result": {"en": "result", "ko": "결과"},
    "report.status.passed": {"en": "passed", "ko": "통과"},
    "report.status.failed": {"en": "failed", "ko": "실패"},
    "report.status.error": {"en": "error", "ko": "오류"},
    "report.status.timeout": {"en": "timeout", "ko": "시간 초과"},
    "report.score": {"en": "Score: {score:g} / {max_score:g}", "ko": "점수: {score:g} / {max_score:g}"},
    "report.what_went_wrong": {"en": "What went wrong", "ko": "무엇이 틀렸나요"},
    "report.note": {"en": "note:", "ko": "참고:"},
    "report.printed": {
        "en": "your code printed {count} line(s); the first ones:",
        "ko": "코드가 {count}줄을 출력했어요. 처음 몇 줄:",
    },
    "report.sandbox": {"en": "sandbox: {layers}", "ko": "샌드박스: {layers}"},
    "report.sandbox_missing": {
        "en": "sandbox: {layers}; not available here: {missing}",
        "ko": "샌드박스: {layers}. 이 컴퓨터에서 쓸 수 없는 것: {missing}",
    },
    "report.layer.session": {"en": "own process group", "ko": "별도 프로세스 그룹"},
    "report.layer.rlimits": {"en": "resource limits", "ko": "자원 제한"},
    "report.layer.scratch": {"en": "scratch folder", "ko": "임시 작업 폴더"},
    "report.layer.mount": {"en": "course files hidden", "ko": "강좌 파일 숨김"},
    "report.layer.net": {"en": "no network", "ko": "네트워크 차단"},
    "report.layer.pid": {"en": "own PID namespace", "ko": "별도 PID 네임스페이스"},
    "report.layer.uid": {"en": "unprivileged user", "ko": "권한 없는 사용자"},
    # --- diagnose.py: what the grader says about a known mistake --------------------------------------
    "diagnose.named": {
        "en": "Likely mistake: {name}. {explanation} Hint: {hint}",
        "ko": "흔한 실수로 보여요: {name}. {explanation} 힌트: {hint}",
    },
    "diagnose.ambiguous": {
        "en": (
            "Your results match more than one common mistake ({names}); the tests' inputs cannot tell "
            "them apart, so check each of them."
        ),
        "ko": (
            "결과가 흔한 실수 여러 개와 똑같이 맞아떨어져요 ({names}). 테스트 입력만으로는 어느 쪽인지 "
            "가릴 수 없으니 하나씩 확인해 보세요."
        ),
    },
    "diagnose.unknown": {
        "en": (
            "This does not match any common mistake the grader knows; compare what your function "
            "returned with what was expected."
        ),
        "ko": "채점기가 아는 흔한 실수와는 맞지 않아요. 함수가 돌려준 값과 기대한 값을 비교해 보세요.",
    },
}

# --- the known mistakes of solutions/<assignment>/mistakes.py ------------------------------------------
# "mistake.<id>.name", ".explanation" and ".hint"; {function} is the graded function it was found in.
MISTAKES: dict[str, dict[str, tuple[str, str]]] = {
    "sign_error": {
        "name": ("sign error in the update", "업데이트의 부호 오류"),
        "explanation": (
            "{function} moves along the gradient instead of against it (x + eta * gradient), so it "
            "climbs instead of descending.",
            "{function}이(가) 기울기 반대 방향이 아니라 기울기 방향으로 움직여요 (x + eta * 기울기). "
            "그래서 내려가지 않고 올라가요.",
        ),
        "hint": (
            "Subtract the step: new = old - learning_rate * gradient. If you compute the gradient "
            "yourself, the residual is y_hat - y, not y - y_hat.",
            "스텝을 빼세요: 새 값 = 이전 값 - 학습률 * 기울기. 기울기를 직접 계산한다면 잔차는 "
            "y - y_hat이 아니라 y_hat - y예요.",
        ),
    },
    "missing_factor_2": {
        "name": ("missing factor 2", "2배 인자 누락"),
        "explanation": (
            "The derivative of a square brings down a 2 (d/dx x**2 = 2x), and {function} leaves it out, "
            "so the gradient, and every step taken with it, is half of what it should be.",
            "제곱을 미분하면 2가 앞으로 나와요 (d/dx x**2 = 2x). {function}에서 이 2가 빠져서 기울기가, "
            "그리고 그 기울기로 가는 모든 스텝이 원래의 절반이에요.",
        ),
        "hint": (
            "Keep the 2 of the power rule: f'(x) = 2x, and the MSE gradient is (2/m) * X.T @ (y_hat - y).",
            "거듭제곱을 미분할 때 나온 2를 빼먹지 마세요: f'(x) = 2x이고, MSE의 기울기는 "
            "(2/m) * X.T @ (y_hat - y)예요.",
        ),
    },
    "off_by_one": {
        "name": ("off-by-one in the number of iterations", "반복 횟수가 하나 어긋남(off-by-one)"),
        "explanation": (
            "{function} runs one step more, or one step fewer, than it was asked to.",
            "{function}이(가) 요청받은 것보다 한 번 더, 또는 한 번 덜 반복해요.",
        ),
        "hint": (
            "`for _ in range(n):` runs exactly n times; `range(1, n)` runs one time fewer and "
            "`range(n + 1)` one time more.",
            "`for _ in range(n):`은 정확히 n번 돌아요. `range(1, n)`은 한 번 덜, `range(n + 1)`은 한 번 "
            "더 돌아요.",
        ),
    },
    "extra_gradient_call": {
        "name": ("gradient evaluated once too often", "기울기를 한 번 더 계산함"),
        "explanation": (
            "{function} calls grad_fn one more time than it takes steps (for example once before the "
            "loop and again at the end of every step). In real training the gradient is the expensive "
            "part, so this wastes work.",
            "{function}이(가) 스텝 수보다 grad_fn을 한 번 더 불러요 (예: 반복문 앞에서 한 번, 그리고 매 "
            "스텝 끝에서 또 한 번). 실제 학습에서는 기울기 계산이 가장 비싼 부분이라 낭비예요.",
        ),
        "hint": (
            "Call grad_fn exactly once per step, at the start of the step, on the current point.",
            "grad_fn은 매 스텝을 시작할 때 현재 점에서 딱 한 번만 부르세요.",
        ),
    },
    "in_place": {
        "name": ("arguments modified in place", "인자를 제자리에서 수정함"),
        "explanation": (
            "{function} changes an array it was given (-=, += or slice assignment on the argument "
            "itself), so the caller's data changes too. With NumPy, `x = x0` makes no copy.",
            "{function}이(가) 인자로 받은 배열 자체를 바꿔요 (인자에 직접 -=, += 나 슬라이스 대입). "
            "그래서 호출한 쪽의 데이터도 함께 바뀌어요. NumPy에서 `x = x0`은 복사본을 만들지 않아요.",
        ),
        "hint": (
            "Start from a copy, e.g. `x = np.array(x0, dtype=float)`, or write `x = x - step` instead "
            "of `x -= step`.",
            "복사본에서 시작하세요 (예: `x = np.array(x0, dtype=float)`). 아니면 `x -= step` 대신 "
            "`x = x - step`이라고 쓰세요.",
        ),
    },
    "wrong_axis": {
        "name": ("wrong axis or transposed X", "축을 잘못 고름(X 전치 오류)"),
        "explanation": (
            "{function} sums or multiplies along the wrong axis of X (over the samples where it should "
            "go over the features, or the other way round), so the result has the wrong shape or mixes "
            "up samples and features.",
            "{function}이(가) X의 잘못된 축을 따라 더하거나 곱해요 (특성 방향이어야 할 곳에서 샘플 "
            "방향으로, 또는 그 반대로). 그래서 결과의 모양이 틀리거나 샘플과 특성이 뒤섞여요.",
        ),
        "hint": (
            "X has shape (m, n): m samples in the rows, n features in the columns. Predictions are "
            "X @ w, shape (m,); the weight gradient is X.T @ residual, shape (n,). Check the shape of "
            "every intermediate result.",
            "X의 모양은 (m, n)이에요: 행마다 샘플, 열마다 특성이에요. 예측값은 X @ w로 모양이 (m,), "
            "가중치 기울기는 X.T @ residual로 모양이 (n,)이에요. 중간 결과마다 모양을 확인해 보세요.",
        ),
    },
    "missing_bias": {
        "name": ("bias b left out", "편향 b 누락"),
        "explanation": (
            "{function} uses X @ w but never adds the bias (intercept) b, so every prediction is off by b.",
            "{function}이(가) X @ w만 쓰고 편향(절편) b를 더하지 않아요. 그래서 모든 예측값이 b만큼 "
            "어긋나요.",
        ),
        "hint": (
            "The model is y_hat = X @ w + b: add b wherever you compute predictions.",
            "모델은 y_hat = X @ w + b예요. 예측값을 계산하는 모든 곳에서 b를 더하세요.",
        ),
    },
    "sum_instead_of_mean": {
        "name": ("sum instead of mean", "평균 대신 합계"),
        "explanation": (
            "{function} adds up over the samples instead of averaging them, so its result is as many "
            "times too large as there are samples.",
            "{function}이(가) 샘플들을 평균 내지 않고 모두 더해요. 그래서 결과가 샘플 수만큼 몇 배로 커져요.",
        ),
        "hint": (
            "The MSE and its gradient are means: divide by the number of samples (np.mean, or (2/m) * "
            "... with m the number of rows you use).",
            "MSE와 그 기울기는 평균이에요: 샘플 수로 나누세요 (np.mean, 또는 m을 지금 쓰는 행의 수로 "
            "두고 (2/m) * ...).",
        ),
    },
    "root_mse": {
        "name": ("square root of the MSE", "MSE에 제곱근을 씌움"),
        "explanation": (
            "{function} returns the root mean squared error (RMSE) instead of the mean squared error.",
            "{function}이(가) 평균제곱오차(MSE) 대신 그 제곱근(RMSE)을 돌려줘요.",
        ),
        "hint": (
            "Return np.mean((y_hat - y) ** 2), without np.sqrt.",
            "np.sqrt 없이 np.mean((y_hat - y) ** 2)를 돌려주세요.",
        ),
    },
    "b_not_updated": {
        "name": ("bias b not updated", "편향 b를 업데이트하지 않음"),
        "explanation": (
            "{function} updates the weights w at every step but leaves the bias b at its starting value.",
            "{function}이(가) 매 스텝 가중치 w는 업데이트하지만 편향 b는 처음 값 그대로 둬요.",
        ),
        "hint": (
            "Update both parameters in the same step: w = w - eta * grad_w and b = b - eta * grad_b.",
            "같은 스텝에서 두 매개변수를 모두 업데이트하세요: w = w - eta * grad_w, b = b - eta * grad_b.",
        ),
    },
    "losses_wrong_length": {
        "name": ("loss list of the wrong length", "손실 리스트의 길이가 틀림"),
        "explanation": (
            "{function} returns a losses list with the wrong number of entries: it should hold the loss "
            "before any update, then one loss after each iteration (each epoch for SGD).",
            "{function}이(가) 돌려주는 losses의 길이가 틀려요: 업데이트 전의 손실 하나, 그리고 반복마다 "
            "(SGD는 에폭마다) 업데이트 후의 손실이 하나씩 들어 있어야 해요.",
        ),
        "hint": (
            "Record the starting loss before the loop and append one loss after each iteration (epoch): "
            "len(losses) == iterations + 1.",
            "반복문 앞에서 시작 손실을 기록하고, 반복(에폭)이 끝날 때마다 손실을 하나씩 추가하세요: "
            "len(losses) == iterations + 1.",
        ),
    },
    "losses_before_update": {
        "name": ("loss recorded at the wrong time", "손실을 잘못된 시점에 기록함"),
        "explanation": (
            "{function} appends the loss before each update instead of after it, so losses[k] is the "
            "loss after k - 1 updates and the final loss is missing.",
            "{function}이(가) 업데이트 후가 아니라 업데이트 전에 손실을 추가해요. 그래서 losses[k]가 "
            "k - 1번 업데이트한 뒤의 손실이 되고, 마지막 손실은 빠져요.",
        ),
        "hint": (
            "Append to losses after updating w and b; losses[0] is the loss at the start.",
            "w와 b를 업데이트한 다음에 losses에 추가하세요. losses[0]은 시작할 때의 손실이에요.",
        ),
    },
    "operator_precedence": {
        "name": ("missing parentheses in t0 / (t + t1)", "t0 / (t + t1)의 괄호 누락"),
        "explanation": (
            "{function} computes t0 / t + t1: division binds tighter than addition, so this divides by "
            "t alone (and fails at t = 0).",
            "{function}이(가) t0 / t + t1을 계산해요. 나눗셈이 덧셈보다 먼저 계산되기 때문에 t로만 "
            "나누게 돼요 (t = 0이면 오류가 나요).",
        ),
        "hint": ("Write t0 / (t + t1).", "t0 / (t + t1)이라고 쓰세요."),
    },
    "swapped_constants": {
        "name": ("t0 and t1 swapped", "t0과 t1이 뒤바뀜"),
        "explanation": (
            "{function} computes t1 / (t + t0): t0 and t1 trade places.",
            "{function}이(가) t1 / (t + t0)을 계산해요: t0과 t1의 자리가 바뀌었어요.",
        ),
        "hint": (
            "The schedule is t0 / (t + t1): t0 on top, t1 added to t.",
            "학습률 스케줄은 t0 / (t + t1)이에요: 분자는 t0, t에 더하는 것은 t1이에요.",
        ),
    },
    "schedule_per_epoch": {
        "name": (
            "learning schedule counted per epoch instead of per update",
            "학습률 스케줄을 업데이트가 아니라 에폭 단위로 셈",
        ),
        "explanation": (
            "{function} gives learning_schedule the epoch number, so the learning rate stays the same "
            "for a whole epoch; it should shrink after every update.",
            "{function}이(가) learning_schedule에 에폭 번호를 넘겨서 한 에폭 내내 학습률이 같아요. "
            "학습률은 업데이트할 때마다 줄어들어야 해요.",
        ),
        "hint": (
            "Set t = 0 before the epochs, use eta = learning_schedule(t, t0, t1) for each mini-batch "
            "and add 1 to t after every update.",
            "에폭 반복문 앞에 t = 0을 두고, 미니배치마다 eta = learning_schedule(t, t0, t1)을 쓴 다음 "
            "업데이트할 때마다 t에 1을 더하세요.",
        ),
    },
    "no_shuffle": {
        "name": ("no shuffling", "셔플하지 않음"),
        "explanation": (
            "{function} visits the samples in the same fixed order (0, 1, 2, ...) in every epoch instead "
            "of a fresh random order.",
            "{function}이(가) 매 에폭 새로운 무작위 순서가 아니라 늘 같은 순서(0, 1, 2, ...)로 샘플을 "
            "훑어요.",
        ),
        "hint": (
            "At the start of every epoch take order = rng.permutation(m) and cut the mini-batches from it.",
            "매 에폭을 시작할 때 order = rng.permutation(m)을 구하고, 그 순서에서 미니배치를 잘라 쓰세요.",
        ),
    },
    "global_random": {
        "name": (
            "global np.random instead of default_rng(seed)",
            "default_rng(seed) 대신 전역 np.random 사용",
        ),
        "explanation": (
            "{function} shuffles with NumPy's global random state (np.random.seed, "
            "np.random.permutation), which gives a different sequence from the generator that "
            "np.random.default_rng(seed) returns.",
            "{function}이(가) NumPy의 전역 난수 상태(np.random.seed, np.random.permutation)로 셔플해요. "
            "이것은 np.random.default_rng(seed)가 돌려주는 생성기와 다른 난수열을 만들어요.",
        ),
        "hint": (
            "Create rng = np.random.default_rng(seed) once, before the epochs, and call "
            "rng.permutation(m) in each epoch.",
            "에폭 반복문 앞에서 rng = np.random.default_rng(seed)를 한 번 만들고, 에폭마다 "
            "rng.permutation(m)을 부르세요.",
        ),
    },
    "with_replacement": {
        "name": ("sampling with replacement", "복원 추출"),
        "explanation": (
            "{function} draws sample indices with replacement (e.g. rng.integers or rng.choice), so "
            "within an epoch some samples are used twice and others not at all.",
            "{function}이(가) 샘플 인덱스를 복원 추출해요 (예: rng.integers, rng.choice). 그래서 한 에폭 "
            "안에서 어떤 샘플은 두 번 쓰이고 어떤 샘플은 한 번도 쓰이지 않아요.",
        ),
        "hint": (
            "An epoch visits every sample exactly once: cut order = rng.permutation(m) into mini-batches.",
            "한 에폭은 모든 샘플을 정확히 한 번씩 봐요: order = rng.permutation(m)을 미니배치로 잘라 쓰세요.",
        ),
    },
    "reseeded_each_epoch": {
        "name": ("random generator re-created every epoch", "에폭마다 난수 생성기를 새로 만듦"),
        "explanation": (
            "{function} calls np.random.default_rng(seed) inside the loop over epochs, so every epoch "
            "gets the same 'random' order.",
            "{function}이(가) 에폭 반복문 안에서 np.random.default_rng(seed)를 불러서, 모든 에폭의 "
            "'무작위' 순서가 똑같아요.",
        ),
        "hint": (
            "Create the generator once, before the loop over epochs.",
            "난수 생성기는 에폭 반복문 앞에서 한 번만 만드세요.",
        ),
    },
    "drops_last_batch": {
        "name": ("last, shorter mini-batch skipped", "마지막의 짧은 미니배치를 건너뜀"),
        "explanation": (
            "When m is not a multiple of batch_size, {function} skips the samples left over at the end "
            "of each epoch instead of using them as a last, shorter mini-batch.",
            "m이 batch_size의 배수가 아닐 때 {function}이(가) 에폭 끝에 남는 샘플을 마지막의 짧은 "
            "미니배치로 쓰지 않고 건너뛰어요.",
        ),
        "hint": (
            "Loop with `for start in range(0, m, batch_size):` and take `order[start:start + "
            "batch_size]`; the last slice is simply shorter.",
            "`for start in range(0, m, batch_size):`로 돌면서 `order[start:start + batch_size]`를 "
            "쓰세요. 마지막 조각은 그냥 더 짧아요.",
        ),
    },
    "batch_gradient_over_m": {
        "name": ("mini-batch gradient divided by m", "미니배치 기울기를 m으로 나눔"),
        "explanation": (
            "{function} averages each mini-batch's gradient over all m samples instead of over the "
            "samples in the batch, so its steps are batch_size / m times too small.",
            "{function}이(가) 미니배치의 기울기를 배치 안의 샘플 수가 아니라 전체 샘플 수 m으로 나눠요. "
            "그래서 스텝이 batch_size / m배로 너무 작아요.",
        ),
        "hint": (
            "Use the batch's own size: (2 / len(idx)) * X[idx].T @ residual.",
            "배치 자체의 크기를 쓰세요: (2 / len(idx)) * X[idx].T @ residual.",
        ),
    },
    "no_bias_correction": {
        "name": ("Adam without bias correction", "편향 보정이 없는 Adam"),
        "explanation": (
            "{function} uses m and v as they are instead of the bias-corrected m_hat = m / (1 - "
            "beta1**t) and v_hat = v / (1 - beta2**t), so the early steps have the wrong size.",
            "{function}이(가) 편향을 보정한 m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t) "
            "대신 m과 v를 그대로 써요. 그래서 초반 스텝의 크기가 틀려요.",
        ),
        "hint": (
            "Divide the moments by (1 - beta1**t) and (1 - beta2**t) before the update, with t "
            "counting from 1.",
            "업데이트하기 전에 모멘트를 (1 - beta1**t)와 (1 - beta2**t)로 나누세요. t는 1부터 세요.",
        ),
    },
    "bias_correction_t_from_0": {
        "name": ("bias correction with t counted from 0", "편향 보정에서 t를 0부터 셈"),
        "explanation": (
            "{function} counts Adam's steps from 0 instead of 1 (or shifts t by one), so 1 - beta**t "
            "is one step off; at t = 0 it is 0 and the update divides by zero (NaN or inf).",
            "{function}이(가) Adam의 스텝을 1이 아니라 0부터 세고 있어요 (또는 t를 하나 밀려 써요). 그래서 "
            "1 - beta**t가 한 스텝 어긋나고, t = 0이면 0이 되어 업데이트에서 0으로 나눠요 (NaN 또는 inf).",
        ),
        "hint": (
            "The first step is t = 1: loop with `for t in range(1, iterations + 1):` and use t as "
            "given in the correction.",
            "첫 스텝은 t = 1이에요: `for t in range(1, iterations + 1):`로 돌고, 보정에는 받은 t를 그대로 "
            "쓰세요.",
        ),
    },
    "eps_inside_sqrt": {
        "name": ("eps inside the square root", "eps를 제곱근 안에 넣음"),
        "explanation": (
            "{function} divides by sqrt(v_hat + eps) instead of sqrt(v_hat) + eps; the two differ "
            "when v_hat is small, which is exactly when eps matters.",
            "{function}이(가) sqrt(v_hat) + eps 대신 sqrt(v_hat + eps)로 나눠요. 두 값은 v_hat이 작을 때 "
            "달라지는데, eps가 중요한 때가 바로 그때예요.",
        ),
        "hint": (
            "Add eps after taking the root: m_hat / (np.sqrt(v_hat) + eps).",
            "eps는 제곱근을 구한 다음에 더하세요: m_hat / (np.sqrt(v_hat) + eps).",
        ),
    },
    "betas_swapped": {
        "name": ("beta1 and beta2 swapped", "beta1과 beta2가 뒤바뀜"),
        "explanation": (
            "{function} uses beta2 for the first moment m and beta1 for the second moment v; beta1 "
            "(0.9) belongs to the average of the gradients, beta2 (0.999) to the average of their "
            "squares.",
            "{function}이(가) 1차 모멘트 m에 beta2를, 2차 모멘트 v에 beta1을 써요. beta1(0.9)은 기울기의 "
            "평균에, beta2(0.999)는 기울기 제곱의 평균에 써야 해요.",
        ),
        "hint": (
            "m = beta1 * m + (1 - beta1) * grad and v = beta2 * v + (1 - beta2) * grad**2, with the "
            "matching beta in each bias correction.",
            "m = beta1 * m + (1 - beta1) * grad, v = beta2 * v + (1 - beta2) * grad**2로 쓰고, 각 편향 "
            "보정에도 짝이 맞는 beta를 쓰세요.",
        ),
    },
    "momentum_instead_of_adam": {
        "name": ("momentum instead of Adam", "Adam 대신 모멘텀"),
        "explanation": (
            "{function} steps along the averaged gradient m alone, like SGD with momentum, without "
            "dividing by sqrt(v_hat) + eps, so the step size is not adapted to each coordinate.",
            "{function}이(가) 모멘텀 SGD처럼 평균 낸 기울기 m만 따라 움직이고 sqrt(v_hat) + eps로 "
            "나누지 않아요. 그래서 좌표마다 스텝 크기가 조절되지 않아요.",
        ),
        "hint": (
            "Adam's update is theta - lr * m_hat / (np.sqrt(v_hat) + eps): it needs both moments.",
            "Adam의 업데이트는 theta - lr * m_hat / (np.sqrt(v_hat) + eps)예요: 두 모멘트가 모두 필요해요.",
        ),
    },
}

for _id, _parts in MISTAKES.items():
    for _part, (_en, _ko) in _parts.items():
        CATALOG[f"mistake.{_id}.{_part}"] = {"en": _en, "ko": _ko}
del _id, _parts, _part, _en, _ko


# ------------------------------------------------------------------------------------------------------
# The feedback page (nbgrader_plugin/feedback.py) and its plot (curves.py), in the student's language.
# ------------------------------------------------------------------------------------------------------

CATALOG.update(
    {
        "feedback.score": {"en": "Your score: {score} / {max_score} points", "ko": "점수: {score} / {max_score}점"},
        "feedback.header.score": {"en": "Score", "ko": "점수"},
        "feedback.header.top": {"en": "Top", "ko": "맨 위로"},
        "feedback.header.test_cell": {"en": "Test cell", "ko": "테스트 셀"},
        "feedback.header.late_penalty": {"en": "Late submission penalty", "ko": "지각 감점"},
        "feedback.graded_file": {"en": "Graded file:", "ko": "채점한 파일:"},
        "feedback.file_points": {"en": "{name} ({points} points)", "ko": "{name} ({points}점)"},
        "feedback.also_handed_in": {
            "en": " (you also handed in {files}; the better file counts)",
            "ko": " (함께 낸 파일: {files}. 점수가 더 높은 파일로 채점해요)",
        },
        "feedback.how": {
            "en": "Each test below ran your functions outside your notebook and compared them with the "
            "reference solution, on inputs you have not seen.",
            "ko": "아래의 각 테스트는 여러분의 함수를 노트북 밖에서 실행해, 처음 보는 입력에서 참고 답안과 비교했어요.",
        },
        "feedback.hints_title": {"en": "What probably went wrong", "ko": "무엇이 잘못됐을까요"},
        "feedback.hints_where": {
            "en": "The tests below show where; each one's own details follow its name.",
            "ko": "어디서 틀렸는지는 아래 테스트들이 보여 줘요. 각 테스트의 자세한 내용은 이름 아래에 있어요.",
        },
        "feedback.col_test": {"en": "Test", "ko": "테스트"},
        "feedback.col_result": {"en": "Result", "ko": "결과"},
        "feedback.col_points": {"en": "Points", "ko": "점수"},
        "feedback.status.passed": {"en": "✔ passed", "ko": "✔ 통과"},
        "feedback.status.failed": {"en": "✘ failed", "ko": "✘ 실패"},
        "feedback.status.error": {"en": "✘ error", "ko": "✘ 오류"},
        "feedback.status.timeout": {"en": "✘ too slow", "ko": "✘ 너무 느림"},
        "feedback.set_by_instructor": {"en": " (set by your instructor)", "ko": " (교수자가 정한 점수)"},
        "feedback.did_not_run": {
            "en": "this test did not run; your instructor has been told",
            "ko": "이 테스트는 실행되지 않았어요. 교수자에게 알렸어요",
        },
        "feedback.every_case": {"en": "every case: {message}", "ko": "모든 경우: {message}"},
        "feedback.some_cases": {"en": "{failed} of {cases} cases: {message}", "ko": "경우 {cases}개 중 {failed}개: {message}"},
        "feedback.case": {"en": "case {number} of {cases}: {message}", "ko": "경우 {number}/{cases}: {message}"},
        "feedback.plot_title": {"en": "Your results next to the reference", "ko": "여러분의 결과와 참고 답안 비교"},
        "feedback.plot_alt": {
            "en": "plot of your results and the reference solution",
            "ko": "여러분의 결과와 참고 답안의 그래프",
        },
        "curves.reference": {"en": "reference solution", "ko": "참고 답안"},
        "curves.yours": {"en": "your code", "ko": "여러분의 코드"},
        "curves.no_plot": {"en": "No plot of your results: {reason}", "ko": "결과를 그래프로 그리지 못했어요: {reason}"},
        "curves.your_curve": {"en": "Your curve {stopped}.", "ko": "여러분의 곡선: {stopped}."},
        "curves.stops_infinite": {
            "en": "stops at step {step}: the value became infinite or NaN",
            "ko": "{step}스텝에서 끝나요. 값이 무한대나 NaN이 됐어요",
        },
        "curves.stops_not_positive": {
            "en": "stops at step {step}: the value reached 0 or below",
            "ko": "{step}스텝에서 끝나요. 값이 0 이하가 됐어요",
        },
        "curves.stops_point": {
            "en": "stops at {step} iterations: the point became infinite or NaN",
            "ko": "{step}번 반복에서 끝나요. 점이 무한대나 NaN이 됐어요",
        },
        "curves.leaves_view": {"en": "leaves the plot at step {step}", "ko": "{step}스텝에서 그래프 밖으로 나가요"},
        "curves.not_numbers": {"en": "{what} is not a sequence of numbers", "ko": "{what}: 숫자들의 시퀀스가 아니에요"},
        "curves.wrong_shape": {
            "en": "{what} has shape {shape}, not ({length},)",
            "ko": "{what}: 모양이 ({length},)가 아니라 {shape}이에요",
        },
        "curves.not_triple": {
            "en": "{function} did not return the tuple (w, b, losses)",
            "ko": "{function}이(가) 튜플 (w, b, losses)를 반환하지 않았어요",
        },
        "curves.losses_of": {"en": "the losses list returned by {function}", "ko": "{function}이(가) 반환한 losses 리스트"},
        "curves.results_of": {"en": "{function}'s results", "ko": "{function}의 결과"},
        "curves.point_of": {"en": "{function}'s point", "ko": "{function}이(가) 반환한 점"},
    }
)

# `autograder validate` (validate.py): the visible checks, in the student's language.
CATALOG.update(
    {
        "validate.check_failed": {"en": "this check failed: {line}", "ko": "이 확인을 통과하지 못했어요: {line}"},
        "validate.check_failed_said": {
            "en": "this check failed ({said}): {line}",
            "ko": "이 확인을 통과하지 못했어요({said}): {line}",
        },
        "validate.not_implemented": {
            "en": "not implemented yet: {text} ({where})",
            "ko": "아직 구현하지 않았어요: {text} ({where})",
        },
        "validate.at": {"en": " at {where}", "ko": " (위치: {where})"},
        "validate.while_running": {"en": " while running: {line}", "ko": " (실행하던 줄: {line})"},
        "validate.check_was": {"en": "this check was {what}", "ko": "이 확인은 중단됐어요: {what}"},
        "validate.still_running": {
            "en": "still running after {seconds:g} s (a loop that never ends?)",
            "ko": "{seconds:g}초가 지나도 끝나지 않았어요(끝나지 않는 반복문인가요?)",
        },
        "validate.stopped_process": {
            "en": "it stopped the Python process running it ({error})",
            "ko": "이 코드가 자신을 실행하던 파이썬 프로세스를 멈췄어요({error})",
        },
        "validate.skipped": {
            "en": "{origin}, line {line}: this code was {what}, so it was skipped",
            "ko": "{origin}, {line}번째 줄: 이 코드는 건너뛰었어요: {what}",
        },
        "validate.not_a_function": {
            "en": "{name} is defined but is not a function",
            "ko": "{name}: 정의되어 있지만 함수가 아니에요",
        },
        "validate.no_function": {
            "en": "there is no function named {name}: the grader calls it by this name",
            "ko": "{name}(이)라는 함수가 없어요: 채점기는 이 이름으로 호출해요",
        },
        "validate.other_parameters": {
            "en": "{name}({got}) has other parameters than the assignment's {name}({wanted}); "
            "keep the names and order of the stub",
            "ko": "{name}({got})의 매개변수가 과제의 {name}({wanted})와 달라요. 스텁의 이름과 순서를 그대로 두세요",
        },
        "validate.tests_from": {"en": "visible tests from {notebook}", "ko": "확인 셀을 읽어 온 노트북: {notebook}"},
        "validate.fix_first": {"en": "Fix before submitting:", "ko": "제출하기 전에 고칠 것:"},
        "late.formgrader_note": {
            "en": "**Handed in late** ({late} after the due date): the course's late-submission penalty takes "
            "{penalty} points off this notebook's {score}. The scores below, and formgrader's totals, are "
            "before it; the feedback page and `nbgrader export` subtract it.",
            "ko": "**늦게 제출함** (마감 {late} 뒤): 과목의 지각 제출 감점으로 이 노트북의 {score}점에서 {penalty}점을 "
            "뺍니다. 아래 점수와 formgrader의 합계는 감점 전 점수이고, 피드백 페이지와 `nbgrader export`에는 "
            "감점이 반영됩니다.",
        },
        "late.s": {"en": "{n} s", "ko": "{n}초"},
        "late.min": {"en": "{n} min", "ko": "{n}분"},
        "late.h": {"en": "{n} h", "ko": "{n}시간"},
        "late.days": {"en": "{n} days", "ko": "{n}일"},
        "feedback.late_penalty": {
            "en": "Handed in after the due date: {penalty} points were taken off (the course's late-submission "
            "penalty); the tests below show the points before it.",
            "ko": "마감 기한이 지난 뒤에 제출했어요: 과목의 지각 제출 감점으로 {penalty}점이 깎였어요. 아래 "
            "테스트들의 점수는 감점 전 점수예요.",
        },
        "validate.ready": {"en": "ready to submit", "ko": "제출할 준비가 됐어요"},
        "validate.not_ready": {"en": "not ready yet", "ko": "아직 준비가 안 됐어요"},
        "validate.summary": {
            "en": "{passed} of {total} visible checks pass: {verdict}. These checks earn no points; your grade "
            "comes from hidden tests run after you submit. ({seconds:.1f} s)",
            "ko": "확인 {total}개 중 {passed}개 통과: {verdict}. 이 확인들은 점수가 없어요. 점수는 제출한 뒤 "
            "실행되는 숨겨진 테스트로 매겨져요. ({seconds:.1f}초)",
        },
    }
)

# The pull-request comment (ci.py), the Markdown report (exports.py) and Gradescope's output.
CATALOG.update(
    {
        "md.graded_file": {"en": "Graded file: {file}", "ko": "채점한 파일: {file}"},
        "md.table": {"en": "| # | test | function | points | result |", "ko": "| # | 테스트 | 함수 | 점수 | 결과 |"},
        "md.status.passed": {"en": "passed", "ko": "통과"},
        "md.status.failed": {"en": "failed", "ko": "실패"},
        "md.status.error": {"en": "error", "ko": "오류"},
        "md.status.timeout": {"en": "timeout", "ko": "시간 초과"},
        "md.wrong": {"en": "What went wrong", "ko": "무엇이 틀렸나요"},
        "md.notes": {"en": "Notes", "ko": "참고"},
        "gradescope.note": {"en": "note: {note}", "ko": "참고: {note}"},
        "ci.title": {"en": "Autograder: {score} / {top}", "ko": "자동 채점: {score} / {top}"},
        "ci.nothing": {"en": "Autograder: nothing to grade", "ko": "자동 채점: 채점할 것이 없어요"},
        "ci.intro": {
            "en": "Pull request #{number} by {author}, commit `{sha}`. Graded with the **{base}** branch's "
            "grader and hidden tests. Policy: {policy}.",
            "ko": "{author}의 풀 리퀘스트 #{number}, 커밋 `{sha}`. **{base}** 브랜치의 채점기와 숨겨진 테스트로 "
            "채점했어요. 기준: {policy}.",
        },
        "ci.policy.always-pass": {"en": "the check passes whatever the score", "ko": "점수와 상관없이 통과"},
        "ci.policy.full-marks": {
            "en": "the check passes only with full marks on every graded assignment",
            "ko": "채점한 모든 과제가 만점일 때만 통과",
        },
        "ci.policy.min-percent": {
            "en": "the check passes when every graded assignment scores at least {need}%",
            "ko": "채점한 모든 과제가 {need}% 이상일 때 통과",
        },
        "ci.policy.min-points": {
            "en": "the check passes when every graded assignment scores at least {need} points",
            "ko": "채점한 모든 과제가 {need}점 이상일 때 통과",
        },
        "ci.table": {
            "en": "| assignment | graded file | score | check |",
            "ko": "| 과제 | 채점한 파일 | 점수 | 확인 |",
        },
        "ci.not_graded": {"en": "not graded", "ko": "채점 안 됨"},
        "ci.no_submission": {
            "en": "This pull request changes no submission file. Submission files are "
            "`<assignment>/<module>.py` or `<assignment>/<notebook>.ipynb` (the folders of the course's "
            "assignments).",
            "ko": "이 풀 리퀘스트는 제출 파일을 바꾸지 않아요. 제출 파일은 `<assignment>/<module>.py`나 "
            "`<assignment>/<notebook>.ipynb`예요(과목의 각 과제 폴더).",
        },
        "ci.was_not_graded": {
            "en": "**{assignment} was not graded:** {problem}",
            "ko": "**{assignment}: 채점하지 못했어요.** {problem}",
        },
        "ci.lost": {"en": ", {count} test(s) lost points", "ko": ", 점수를 잃은 테스트 {count}개"},
        "ci.full_marks": {"en": ", full marks", "ko": ", 만점"},
        "ci.more": {"en": " and {count} more", "ko": " 외 {count}개"},
        "ci.grader_files": {
            "en": "> **Note:** this pull request also changes {files}. Grading never runs the workflow, grader, "
            "tests or configuration of a pull request: it used the base branch's versions, so these changes "
            "had no effect on the grade.",
            "ko": "> **참고:** 이 풀 리퀘스트는 {files}도 바꿔요. 채점은 풀 리퀘스트의 워크플로, 채점기, 테스트, "
            "설정을 절대 실행하지 않고 기준 브랜치의 것을 썼어요. 그래서 이 변경은 점수에 영향을 주지 않았어요.",
        },
        "ci.skipped": {"en": "Not graded: {files}", "ko": "채점하지 않음: {files}"},
        "ci.other_files": {
            "en": "{count} other changed file(s) are not part of any submission.",
            "ko": "바뀐 다른 파일 {count}개는 어떤 제출물에도 속하지 않아요.",
        },
        "ci.full_results": {"en": "Full results: JUnit XML and results.json", "ko": "전체 결과: JUnit XML과 results.json"},
    }
)

# The default name of what a graded function returned (harness.expect_close).
CATALOG.update({"name.result": {"en": "the result", "ko": "결과"}})

# --- repairs of a damaged notebook (nbgrader_plugin/structure.py): one sentence per kind, on the
# feedback page and in `autograder grade`'s notes. {cells} is a list of grade_ids.
CATALOG.update(
    {
        "repair.graded_as_released": {
            "en": "Your notebook's structure was damaged; it was repaired and graded as released, for the "
            "code in it:",
            "ko": "노트북 구조가 손상되어 있어서 배포된 구조로 고친 뒤, 안에 있는 코드로 채점했어요:",
        },
        "repair.kernelspec": {
            "en": "the notebook's kernel was set back to the course's ({cells})",
            "ko": "노트북 커널을 과목의 커널({cells})로 되돌렸어요",
        },
        "repair.cell_ids": {
            "en": "some cells had missing or repeated ids; they were given new ones",
            "ko": "아이디가 없거나 겹치는 셀이 있어서 새 아이디를 붙였어요",
        },
        "repair.settings": {
            "en": "the grading settings of {cells} had been changed; the released ones were put back",
            "ko": "셀 {cells}의 채점 설정이 바뀌어 있어서 배포된 대로 되돌렸어요",
        },
        "repair.duplicate": {
            "en": "a copy of {cells} was found; your code in it was kept, the copy was not graded twice",
            "ko": "셀 {cells}의 복사본이 있었어요. 그 안의 코드는 그대로 두었고, 복사본을 두 번 채점하지는 않았어요",
        },
        "repair.unknown": {
            "en": "{cells}: grading settings this assignment does not have were removed; your code was kept",
            "ko": "셀 {cells}에 이 과제에 없는 채점 설정이 있어서 설정은 지우고 그 안의 코드는 그대로 두었어요",
        },
        "repair.type_changed": {
            "en": "{cells} had been changed to another cell type; the released type was put back",
            "ko": "셀 {cells}의 종류가 바뀌어 있어서 배포된 종류로 되돌렸어요",
        },
        "repair.locked_edited": {
            "en": "the read-only {cells} had been edited; the released text was put back",
            "ko": "읽기 전용 셀 {cells}이(가) 수정되어 있어서 배포된 대로 되돌렸어요",
        },
        "repair.outputs": {
            "en": "outputs saved in the graded tests {cells} were ignored; the grader ran its own tests",
            "ko": "채점 테스트 셀 {cells}에 저장된 출력은 무시했어요. 채점기가 테스트를 직접 실행했어요",
        },
        "repair.answer_found": {
            "en": "the grading settings of {cells} had been lost; the cells defining the same functions were "
            "taken as the answers",
            "ko": "답안 셀 {cells}의 채점 설정이 없어져서, 해당 함수를 정의한 셀을 답안 셀로 삼았어요",
        },
        "repair.answer_missing": {
            "en": "{cells} could not be found; your functions were graded wherever they are in the notebook",
            "ko": "답안 셀 {cells}을(를) 찾지 못해서, 노트북 안 어디에 있든 함수를 찾아 채점했어요",
        },
        "repair.missing": {
            "en": "{cells} had been deleted; the released cells were put back",
            "ko": "셀 {cells}이(가) 없어서 배포된 대로 다시 넣었어요",
        },
    }
)
