"""Pose Splatter: 3D Gaussian splatting of an animal from calibrated multi-view video (see docs/posesplat.md)."""
