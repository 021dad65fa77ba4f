# HOSTILE CASE: use ctypes to get around Python-level protections.
# Assignment: ps2_linear_regression
# Tries: mse_loss calls libc setrlimit() to lift RLIMIT_AS/CPU/NPROC/FSIZE/NOFILE to infinity, then
#        reserves (without touching) 3 GiB to see whether the lift worked; mse_gradient dereferences a NULL
#        pointer (segfault); fit_gradient_descent clears PR_SET_PDEATHSIG, tries unshare()/setns()/setuid(0)
#        through libc, and overwrites the value of the float object it returns in place through its
#        memory address after building it. None of them returns a correct value.
# Honest: predict is correct and must still earn full marks; the other three must earn nothing.
# Bounded: at most 3 GiB reserved and never touched (freed at once); no loops.
import ctypes
import ctypes.util

import numpy as np

libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


class RLimit(ctypes.Structure):
    _fields_ = [("cur", ctypes.c_ulong), ("max", ctypes.c_ulong)]


def predict(X, w, b):
    return np.asarray(X, float) @ np.asarray(w, float) + b


def mse_loss(X, y, w, b):
    infinity = RLimit(ctypes.c_ulong(-1).value, ctypes.c_ulong(-1).value)
    for resource in (9, 0, 6, 1, 7):  # RLIMIT_AS, CPU, NPROC, FSIZE, NOFILE
        libc.setrlimit(resource, ctypes.byref(infinity))
    try:
        reserved = np.empty(3 * 2**27)  # 3 GiB of address space, pages never touched
        lifted = 1.0
        del reserved
    except MemoryError:
        lifted = 0.0
    return 1e6 + lifted  # wrong on purpose


def mse_gradient(X, y, w, b):
    ctypes.string_at(0)  # segmentation fault
    return np.zeros(np.asarray(X).shape[1]), 0.0


def fit_gradient_descent(X, y, learning_rate, iterations, w0=None, b0=0.0):
    libc.prctl(1, 0, 0, 0, 0)  # PR_SET_PDEATHSIG 0: survive our parent
    for flags in (0x20000000, 0x40000000, 0x10000000):  # CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWUSER
        libc.unshare(flags)
    libc.setuid(0)
    b = float(b0) + 12345.678
    ctypes.c_double.from_address(id(b) + 16).value = 42.0  # rewrite an "immutable" float in place
    n = np.asarray(X).shape[1]
    return np.full(n, 42.0), b, [42.0]
