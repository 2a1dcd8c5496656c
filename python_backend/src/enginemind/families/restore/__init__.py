"""Game-frame restoration family: masked autoencoder (timm ViT blocks) on NES frames, RVQ codec, capture tool.

Modules: config (typed configs, no torch), synth (synthetic NES-like episodes), data (folder format, splits),
masks, model (MAE), train, evaluate, predict, export (ONNX), codec (RVQ), capture (+ capture_worker),
service (gRPC logic), cli (``enginemind restore ...``). See docs/restore.md.
"""
