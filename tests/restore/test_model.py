from __future__ import annotations

import numpy as np
import pytest
import torch
from timm.layers import PatchEmbed
from timm.models.vision_transformer import Block

from enginemind.families.restore.masks import block_patch_mask, random_patch_mask
from enginemind.families.restore.model import MAE
from tests.restore.helpers import tiny_cfg


@pytest.mark.parametrize("state_dim", [0, 8])
def test_gather_attend_and_compact_paths_agree(state_dim: int):
    torch.manual_seed(0)
    model = MAE(tiny_cfg(depth=2, state_dim=state_dim)).eval()
    x = torch.rand(3, 3, 240, 256)
    mask = torch.from_numpy(random_patch_mask(3, (15, 16), 0.75, np.random.default_rng(0)))
    state = torch.rand(3, 8) if state_dim else None
    a = model(x, mask, state, path="gather")
    b = model(x, mask, state, path="attend")
    c = model(x, mask, state, path="compact")
    d = model.forward_patches(model.patchify(x), mask, state)  # the restore graph's path
    assert a.shape == (3, 240, 16 * 16 * 3)
    assert torch.allclose(a, b, atol=1e-5)
    assert torch.allclose(a, c, atol=1e-5)
    assert torch.allclose(a, d, atol=1e-5)


def test_compact_path_handles_rows_with_different_hidden_counts():
    """Rows hiding 0, 30, 180 and 239 patches in one batch: each row equals that row encoded alone."""
    torch.manual_seed(0)
    model = MAE(tiny_cfg(depth=2)).eval()
    x = torch.rand(4, 3, 240, 256)
    rng = np.random.default_rng(1)
    mask = torch.from_numpy(np.concatenate([np.zeros((1, 240), bool)] + [
        random_patch_mask(1, (15, 16), r, rng) for r in (30 / 240, 0.75, 239 / 240)]))
    assert mask.sum(1).tolist() == [0, 30, 180, 239]
    everything = torch.ones(2, 240, dtype=torch.bool)
    assert torch.allclose(model(x[:2], everything, path="compact"), model(x[:2], everything, path="attend"),
                          atol=1e-5)
    batched = model(x, mask, path="compact")
    assert torch.allclose(batched, model(x, mask, path="attend"), atol=1e-5)
    for i in range(4):
        assert torch.allclose(batched[i:i + 1], model(x[i:i + 1], mask[i:i + 1], path="gather"), atol=1e-5)


def test_uses_timm_blocks_and_native_grid():
    model = MAE(tiny_cfg())
    assert isinstance(model.patch_embed, PatchEmbed) and isinstance(model.blocks[0], Block)
    assert model.grid == (15, 16) and model.pos_embed.shape == (1, 240, 32)
    assert not model.pos_embed.requires_grad and "pos_embed" not in dict(model.named_parameters())
    small = MAE(tiny_cfg(input_size="224"))
    assert small.grid == (14, 14)
    out = small(torch.rand(2, 3, 224, 224), torch.from_numpy(random_patch_mask(2, (14, 14), 0.75,
                                                                               np.random.default_rng(0))))
    assert out.shape == (2, 196, 768)


def test_hidden_pixels_do_not_leak():
    torch.manual_seed(0)
    model = MAE(tiny_cfg()).eval()
    x = torch.rand(2, 3, 240, 256)
    mask = torch.from_numpy(block_patch_mask(2, (15, 16), (64, 64), (64, 64), 16, np.random.default_rng(0)))
    y = x.clone()
    hidden = model.unpatchify(mask[..., None].float().expand(-1, -1, 768)) > 0
    y[hidden] = torch.rand(int(hidden.sum()))
    for path in ("gather", "attend", "compact"):
        assert torch.allclose(model(x, mask, path=path), model(y, mask, path=path), atol=1e-6)
    assert torch.equal(model.forward_patches(model.patchify(x), mask), model.forward_patches(model.patchify(y), mask))


def test_loss_counts_hidden_patches_only():
    model = MAE(tiny_cfg())
    x = torch.rand(1, 3, 240, 256)
    mask = torch.zeros(1, 240, dtype=torch.bool)
    mask[0, :10] = True
    pred = model.patchify(x).clone()
    pred[0, 10:] += 1.0  # visible patches wrong: must not count
    assert model.loss(x, pred, mask).item() == 0.0
    pred[0, 0] += 0.5
    assert model.loss(x, pred, mask).item() > 0
