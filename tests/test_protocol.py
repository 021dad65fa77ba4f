"""protocol.py: values cross as tagged JSON, and the grader's decoder trusts nothing."""

import math

import numpy as np
import pytest

from autograder import protocol
from autograder.functions import quadratic
from autograder.protocol import Opaque, ProtocolError, decode, encode


def roundtrip(value):
    return decode(protocol.loads(protocol.dumps({"v": encode(value)}))["v"], 10**6)


def test_plain_values_roundtrip():
    assert roundtrip(None) is None
    assert roundtrip(3) == 3 and roundtrip(2.5) == 2.5 and roundtrip("s") == "s" and roundtrip(True) is True
    got = roundtrip((np.arange(6.0).reshape(2, 3), 1.5, [1.0, 2.0]))
    assert isinstance(got, tuple) and got[0].shape == (2, 3) and got[0].dtype == np.float64
    assert got[2] == [1.0, 2.0]


def test_nonfinite_numbers_survive_strict_json():
    got = roundtrip(np.array([np.nan, np.inf, -np.inf, 1.0]))
    assert math.isnan(got[0]) and got[1] == math.inf and got[2] == -math.inf
    assert math.isnan(roundtrip(float("nan")))


def test_lying_float_is_judged_by_its_value():
    class Liar(float):
        def __eq__(self, other):
            return True

        def __float__(self):
            return 2.451218

    got = roundtrip(Liar(99.0))
    assert type(got) is float and got == 99.0


def test_lying_array_subclass_is_judged_by_its_data():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True

    got = roundtrip(np.array([1.0, 2.0]).view(Liar))
    assert type(got) is np.ndarray and got.tolist() == [1.0, 2.0]


def test_unknown_objects_become_opaque():
    class Thing:
        def __repr__(self):
            raise RuntimeError("no")

    got = roundtrip(Thing())
    assert isinstance(got, Opaque) and got.type_name == "Thing"


def test_grad_functions_cross_as_data():
    fn = quadratic([[2.0, 0.0], [0.0, 1.0]], [1.0, 1.0])
    back = roundtrip(fn)
    assert np.allclose(back(np.array([1.0, 1.0])), [1.0, 0.0])


@pytest.mark.parametrize(
    "forged",
    [
        {"t": "array", "shape": [3], "data": [1.0, 2.0]},
        {"t": "array", "shape": [-1], "data": []},
        {"t": "array", "shape": [1], "data": ["1e400"]},
        {"t": "array", "shape": [1], "data": [10**400]},
        {"t": "array", "shape": [1], "data": [{"t": "float"}]},
        {"t": "float", "v": "2.45"},
        {"t": "float", "v": True},
        {"t": "int", "v": "9" * 500},
        {"t": "bool", "v": 1},
        {"t": "list", "items": "abc"},
        {"t": "pickle", "v": "gASV..."},
        "just a string",
        {"t": "list", "items": [{"t": "list", "items": []}]},
    ],
)
def test_forged_or_malformed_values_are_refused(forged):
    if forged == {"t": "list", "items": [{"t": "list", "items": []}]}:
        assert decode(forged, 10) == [[]]  # valid nesting is fine
        return
    with pytest.raises(ProtocolError):
        decode(forged, 10**6)


def test_size_budget_is_enforced():
    with pytest.raises(ProtocolError):
        decode(encode(np.zeros(1000)), 999)
    with pytest.raises(ProtocolError):
        decode(encode([[0.0] * 10] * 10), 50)


def test_too_deep_nesting_is_refused():
    value = {"t": "none"}
    for _ in range(50):
        value = {"t": "list", "items": [value]}
    with pytest.raises(ProtocolError):
        decode(value, 10**6)


def test_loads_rejects_non_objects():
    with pytest.raises(ProtocolError):
        protocol.loads(b"[1, 2]")
    with pytest.raises(ProtocolError):
        protocol.loads(b"{broken")
