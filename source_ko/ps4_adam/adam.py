"""ps4_adam: Adam 업데이트 한 번(Kingma & Ba, 2015)과 그것으로 만든 최소화 함수.

아래 각 함수의 본문을 작성하세요. 함수 이름과 시그니처는 바꾸지 마세요: 채점기가 그대로
호출해요. 각 함수의 설명은 노트북 ps4_adam.ipynb에 있어요.
"""

import numpy as np


def adam_step(
    theta: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """스텝 t(1부터 셈)에서 편향 보정을 한 Adam 업데이트 한 번. (theta, m, v)를 반환해요."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")


def minimize_adam(
    grad_fn,
    x0,
    lr: float = 0.001,
    iterations: int = 1000,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> np.ndarray:
    """x0에서 모멘트 0으로 Adam 스텝을 `iterations`번 실행하고 마지막 점을 반환해요."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")
