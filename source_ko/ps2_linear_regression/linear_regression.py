"""ps2_linear_regression: 선형 모델의 MSE, 그 기울기, 그리고 경사 하강법.

아래 각 함수의 본문을 작성하세요. 함수 이름과 시그니처는 바꾸지 마세요: 채점기가 그대로
호출해요. 각 함수의 설명은 노트북 ps2_linear_regression.ipynb에 있어요.
"""

import numpy as np


def predict(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """예측값 y_hat = X @ w + b, 모양 (m,)."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")


def mse_loss(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """예측값과 y 사이의 평균 제곱 오차."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")


def mse_gradient(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """평균 제곱 오차의 정확한 기울기 (dL/dw, dL/db)."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")


def fit_gradient_descent(
    X: np.ndarray,
    y: np.ndarray,
    learning_rate: float,
    iterations: int,
    w0: np.ndarray | None = None,
    b0: float = 0.0,
) -> tuple[np.ndarray, float, list[float]]:
    """MSE에 대한 전체 배치 경사 하강법. (w, b, losses)를 반환하고, losses[k]는 k번 업데이트한 뒤의 손실이에요."""
    # YOUR CODE HERE
    raise NotImplementedError("이 줄을 지우고 여기에 코드를 작성하세요")
