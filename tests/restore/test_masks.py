from __future__ import annotations

import numpy as np

from enginemind.families.restore.masks import (
    add_random_patches,
    block_patch_mask,
    block_pixel_mask,
    curriculum_ratio,
    patch_to_pixel,
    pixel_to_patch,
    random_patch_mask,
)


def test_random_mask_hides_exact_count_and_varies():
    m = random_patch_mask(8, (15, 16), 0.75, np.random.default_rng(0))
    assert m.shape == (8, 240) and (m.sum(1) == 180).all()
    assert not (m[0] == m[1]).all()


def test_block_masks_have_equal_counts_in_a_batch():
    rng = np.random.default_rng(1)
    for _ in range(20):
        m = block_patch_mask(6, (15, 16), (32, 48), (96, 128), 16, rng)
        counts = m.sum(1)
        assert (counts == counts[0]).all() and 0 < counts[0] < 240


def test_extra_random_patches_keep_the_block_and_equal_counts():
    rng = np.random.default_rng(4)
    block = block_patch_mask(5, (15, 16), (64, 64), (64, 64), 16, rng)  # 4x4 patches
    mask = add_random_patches(block, 0.6, rng)
    assert (mask >= block).all()
    assert (mask.sum(1) == 16 + round(0.6 * 224)).all()
    assert not (mask[0] == mask[1]).all()
    assert add_random_patches(block, 0.0, rng) is block
    nearly_all = add_random_patches(block, 0.999, rng)
    assert (nearly_all.sum(1) == 239).all()  # at least one patch stays visible


def test_pixel_patch_conversions():
    m = random_patch_mask(2, (15, 16), 0.5, np.random.default_rng(2))
    pix = patch_to_pixel(m, (15, 16), 16)
    assert pix.shape == (2, 240, 256) and np.array_equal(pixel_to_patch(pix, 16), m)
    block = block_pixel_mask(3, (240, 256), (64, 96), np.random.default_rng(3))
    assert (block.sum(axis=(1, 2)) == 64 * 96).all()
    covered = patch_to_pixel(pixel_to_patch(block, 16), (15, 16), 16)
    assert (covered >= block).all()  # any hidden pixel hides its patch


def test_curriculum_rises():
    r = [curriculum_ratio(s, 100, 0.5, 0.9) for s in (0, 50, 100, 200)]
    assert r[0] == 0.5 and abs(r[1] - 0.7) < 1e-9 and r[2] == r[3] == 0.9
