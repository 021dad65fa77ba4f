"""ps1_gradient_descent: f(x) = x**2에서의 경사 하강법과 그 다변수 버전.

아래 각 함수의 본문을 작성하세요. 함수 이름과 시그니처는 바꾸지 마세요: 채점기가 그대로
호출해요. 각 함수의 설명은 노트북 ps1_gradient_descent.ipynb에 있어요.
"""

import numpy as np


def get_minimizer_x(iterations: int, learning_rate: float, init: float) -> float:
    """f(x) = x**2에서 `init`부터 경사 하강법을 `iterations`스텝 실행하고, x를 소수점 아래 6자리로 반올림해 반환해요."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")


def gradient_descent(grad_fn, x0, learning_rate: float, iterations: int) -> np.ndarray:
    """`x0`에서 x <- x - learning_rate * grad_fn(x)를 `iterations`스텝 실행하고 마지막 점을 반환해요."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")
