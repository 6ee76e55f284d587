"""Matt Mazur's numbers, written down once: the sample, the weights, the biases, the rate."""

__all__ = ["POST_BIASES", "POST_LR", "POST_SAMPLE", "POST_SIZES", "POST_WEIGHTS"]

POST_SIZES = (2, 2, 2)
POST_SAMPLE = ((0.05, 0.10), (0.01, 0.99))  # (i1, i2), (t1, t2)
POST_WEIGHTS = (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)  # w1..w8
POST_BIASES = {"b1": 0.35, "b2": 0.60}  # hidden layer, output layer
POST_LR = 0.5
