"""Fits the rational tanh in js/model/forward.js and prints its coefficients and its largest error.

tanh(x) ~= x P(x^2) / Q(x^2) on [0, 9] (P, Q of degree 4, P(0) = Q(0) = 1, so that it is exact to
first order at 0, where values are tiny): linearized least squares,
reweighted by 1/|Q| (Sanathanan-Koerner) and then towards the smallest largest error
(Lawson's reweighting). Run: .venv/bin/python scripts/fit_tanh.py
"""

import numpy as np

CLAMP = 9.0
DEGREE = 4


def fit() -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(1e-6, CLAMP, 200_001)
    f = np.tanh(x)
    s = x * x
    powers = np.vander(s, DEGREE + 1, increasing=True)
    # x (P(s) - 1) - f (Q(s) - 1) = f - x, linear in the coefficients of P and Q above their 1.
    a = np.hstack([x[:, None] * powers[:, 1:], -f[:, None] * powers[:, 1:]])
    sk = np.ones_like(x)
    lawson = np.ones_like(x)
    for it in range(60):
        w = sk * np.sqrt(lawson)
        sol = np.linalg.lstsq(a * w[:, None], (f - x) * w, rcond=None)[0]
        p, q = np.concatenate([[1.0], sol[:DEGREE]]), np.concatenate([[1.0], sol[DEGREE:]])
        q_s = np.polyval(q[::-1], s)
        sk = 1 / np.abs(q_s)
        if it >= 10:
            lawson *= np.abs(x * np.polyval(p[::-1], s) / q_s - f)
            lawson /= lawson.mean()
    return p, q


def main() -> None:
    p, q = fit()
    v = np.linspace(-25, 25, 2_000_001)
    x = np.clip(v, -CLAMP, CLAMP)
    s = x * x
    err = np.abs(x * np.polyval(p[::-1], s) / np.polyval(q[::-1], s) - np.tanh(v))
    for i, v in enumerate(p[1:], 1):
        print(f"const P{i} = {float(v)!r};")
    for i, v in enumerate(q[1:], 1):
        print(f"const Q{i} = {float(v)!r};")
    print(f"// largest error on [-25, 25]: {err.max():.2e}")


if __name__ == "__main__":
    main()
