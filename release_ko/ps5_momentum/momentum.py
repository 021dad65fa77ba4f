"""ps5_momentum: 안장점과 지역 최솟값에서의 모멘텀(heavy ball)과 RMSProp: 스텝 한 번과 전체 실행.

아래 각 함수의 본문을 작성하세요. 함수 이름과 시그니처는 바꾸지 마세요: 채점기가 그대로
호출해요. 각 함수의 설명은 노트북 ps5_momentum.ipynb에 있어요.
"""

import numpy as np


def momentum_step(x, velocity, grad, lr=0.01, beta=0.9):
    """heavy-ball 업데이트 한 번: velocity = beta * velocity + grad, 그다음 x - lr * velocity. (x, velocity)를 반환해요."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")


def minimize_momentum(grad_fn, x0, lr=0.01, beta=0.9, iterations=100):
    """속도 0으로 x0에서 모멘텀 스텝을 iterations번 실행하고, x0부터 지나간 모든 점을 반환해요."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")


def rmsprop_step(x, s, grad, lr=0.01, rho=0.9, eps=1e-8):
    """RMSProp 업데이트 한 번: s = rho * s + (1 - rho) * grad**2, 그다음 x - lr * grad / (sqrt(s) + eps). (x, s)를 반환해요."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")
