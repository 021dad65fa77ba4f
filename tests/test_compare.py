"""compare.py: tolerance checks and the plain-words messages students read."""

import numpy as np

from autograder.compare import changed_inputs, describe_call, mismatch
from autograder.functions import quadratic
from autograder.protocol import Opaque

TOL = {"rtol": 1e-6, "atol": 1e-9}


def test_numbers_within_tolerance_match():
    assert mismatch(1.0 + 1e-8, 1.0, name="x", **TOL) is None
    assert mismatch(1.1, 1.0, name="x", **TOL) == "x is 1.1, expected 1 (off by 0.1)"


def test_decimals_compare_rounded_values():
    assert mismatch(2.4512184, 2.451218, name="x", decimals=6, **TOL) is None
    assert mismatch(2.451219, 2.451218, name="x", decimals=6, **TOL) is not None


def test_hidden_values_are_not_revealed():
    message = mismatch(3.0, 2.0, name="x", reveal=False, **TOL)
    assert "expected 2" not in message and "off by" not in message and "2" not in message
    assert "relative error 0.5" in message


def test_type_and_shape_problems_are_named():
    assert "should be a number, but is None" in mismatch(None, 1.0, name="x", **TOL)
    assert "object of type Foo" in mismatch(Opaque("Foo", ""), 1.0, name="x", **TOL)
    assert "has 3 entries, but should have 2" in mismatch(np.zeros(3), np.zeros(2), name="w", **TOL)
    assert "check your reshaping" in mismatch(np.zeros((2, 1)), np.zeros(2), name="w", **TOL)
    assert "tuple of 3 items" in mismatch(1.0, (1.0, 2.0, 3.0), name="r", **TOL)


def test_tuple_items_are_named():
    got = (np.array([1.0, 2.0]), 0.5, [3.0, 2.0])
    want = (np.array([1.0, 2.0]), 0.5, [3.0, 2.5])
    message = mismatch(got, want, name="r", names=("w", "b", "losses"), **TOL)
    assert message.startswith("losses: 1 of 2 entries are wrong; at losses[1]")


def test_nan_is_called_out():
    assert "NaN" in mismatch(np.array([1.0, np.nan]), np.array([1.0, 2.0]), name="w", **TOL)
    assert "NaN" in mismatch(float("nan"), 1.0, name="x", **TOL)


def test_list_answers_accept_arrays_and_vice_versa():
    assert mismatch(np.array([1.0, 2.0]), [1.0, 2.0], name="losses", **TOL) is None
    assert mismatch([1.0, 2.0], np.array([1.0, 2.0]), name="w", **TOL) is None
    assert mismatch(np.array(3.0), 3.0, name="x", **TOL) is None


def test_changed_inputs_detects_in_place_edits():
    X = np.ones((2, 2))
    assert changed_inputs([X, None], [X * 2, None], ["X", "f"]) == ["X"]
    assert changed_inputs([X], [X.copy()], ["X"]) == []


def test_describe_call_summarises_arrays():
    text = describe_call("fit", (np.zeros((20, 3)), np.array([1.0, 2.0]), 0.1), {"iterations": 5})
    assert text == "fit(<array of shape 20x3>, [1., 2.], 0.1, iterations=5)"
    assert "quadratic" in describe_call("gd", (quadratic([[1.0]], [0.0]),), {})
