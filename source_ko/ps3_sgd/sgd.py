"""ps3_sgd: t0 / (t + t1) 학습률 스케줄을 쓰는 결정적인 미니배치 SGD.

아래 각 함수의 본문을 작성하세요. 함수 이름과 시그니처는 바꾸지 마세요: 채점기가 그대로
호출해요. 각 함수의 설명은 노트북 ps3_sgd.ipynb에 있어요.
"""

import numpy as np


def learning_schedule(t: int, t0: float = 5.0, t1: float = 50.0) -> float:
    """t번 업데이트한 뒤의 학습률: t0 / (t + t1)."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")


def fit_sgd(
    X: np.ndarray,
    y: np.ndarray,
    epochs: int,
    batch_size: int = 1,
    t0: float = 5.0,
    t1: float = 50.0,
    w0: np.ndarray | None = None,
    b0: float = 0.0,
    seed: int = 0,
) -> tuple[np.ndarray, float, list[float]]:
    """default_rng(seed)로 에포크마다 섞는 미니배치 SGD. 에포크별 (w, b, losses)를 반환해요."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")
