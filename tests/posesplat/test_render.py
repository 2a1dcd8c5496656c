"""The pure-PyTorch Gaussian rasteriser: geometry, depth order, tiling, gradients; parity with gsplat on CUDA."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from enginemind.families.posesplat.cameras import look_at
from enginemind.families.posesplat.render import (
    gsplat_available,
    quat_to_rotmat,
    rasterize,
    rasterize_gsplat,
    rotmat_to_quat,
)

W = H = 48


def _camera():
    R, t = look_at(np.array([0.0, -1.0, 0.5]), np.zeros(3), np.array([0, 0, 1.0]))
    K = torch.tensor([[80.0, 0, 23.5], [0, 80.0, 23.5], [0, 0, 1]])
    return K, torch.tensor(R, dtype=torch.float32), torch.tensor(t, dtype=torch.float32)


def _gaussians(means, colors, opac=0.9, scale=0.02):
    n = len(means)
    return (torch.tensor(means, dtype=torch.float32), torch.eye(3).repeat(n, 1, 1), torch.full((n, 3), scale),
            torch.full((n,), opac), torch.tensor(colors, dtype=torch.float32))


def test_single_gaussian_lands_on_its_projection():
    K, R, t = _camera()
    X = np.array([[0.05, 0.02, 0.03]])
    rgb, alpha = rasterize(*_gaussians(X, [[1.0, 0, 0]]), K, R, t, W, H)
    uv = (K @ (R @ torch.tensor(X[0], dtype=torch.float32) + t))
    u, v = (uv[:2] / uv[2]).round().long().tolist()
    peak = np.unravel_index(int(alpha.argmax()), alpha.shape)
    assert (peak[0], peak[1]) == (v, u)
    assert alpha[v, u] == pytest.approx(0.9, abs=0.02)
    assert rgb[v, u, 0] == pytest.approx(1.0, abs=0.01) and rgb[v, u, 1] == pytest.approx(0.1, abs=0.02)
    assert alpha[0, 0] == 0 and torch.allclose(rgb[0, 0], torch.ones(3))


def test_front_gaussian_wins_whatever_the_input_order():
    K, R, t = _camera()
    eye = np.array([0.0, -1.0, 0.5])
    near, far = eye + 0.6 * (np.zeros(3) - eye), np.zeros(3)
    for order in ([near, far], [far, near]):
        colors = [[0.0, 0, 1.0], [1.0, 0, 0]] if order[0] is near else [[1.0, 0, 0], [0.0, 0, 1.0]]
        rgb, _ = rasterize(*_gaussians(np.array(order), colors, 0.99), K, R, t, W, H)
        assert rgb[24, 24, 2] > 0.9 and rgb[24, 24, 0] < 0.1  # blue (near) in front of red


def test_tiles_do_not_change_the_image_and_gradients_flow():
    K, R, t = _camera()
    rng = np.random.default_rng(0)
    g = _gaussians(rng.uniform(-0.1, 0.1, (60, 3)), rng.uniform(0, 1, (60, 3)), 0.7, 0.015)
    a = rasterize(*g, K, R, t, W, H, tile=8)
    b = rasterize(*g, K, R, t, W, H, tile=64)
    assert torch.allclose(a[0], b[0], atol=1e-5) and torch.allclose(a[1], b[1], atol=1e-5)
    means = g[0].clone().requires_grad_()
    colors = g[4].clone().requires_grad_()
    rgb, alpha = rasterize(means, g[1], g[2], g[3], colors, K, R, t, W, H)
    (rgb.mean() + alpha.mean()).backward()
    assert torch.isfinite(means.grad).all() and means.grad.abs().sum() > 0 and colors.grad.abs().sum() > 0


def test_quaternion_round_trip():
    q = torch.nn.functional.normalize(torch.randn(50, 4), dim=1)
    q = q * torch.sign(q[:, :1])
    assert torch.allclose(rotmat_to_quat(quat_to_rotmat(q)), q, atol=1e-4)


@pytest.mark.skipif(not gsplat_available(), reason="gsplat needs a CUDA GPU and `pip install gsplat`; "
                    "this machine has neither, so only the PyTorch rasteriser runs here")
def test_gsplat_and_torch_agree():
    K, R, t = (x.cuda() for x in _camera())
    rng = np.random.default_rng(1)
    g = [x.cuda() for x in _gaussians(rng.uniform(-0.1, 0.1, (200, 3)), rng.uniform(0, 1, (200, 3)), 0.6, 0.01)]
    a_rgb, a_alpha = rasterize(*g, K, R, t, W, H)
    b_rgb, b_alpha = rasterize_gsplat(*g, K, R, t, W, H)
    assert (a_rgb - b_rgb).abs().mean() < 0.01 and (a_alpha - b_alpha).abs().max() < 0.1
