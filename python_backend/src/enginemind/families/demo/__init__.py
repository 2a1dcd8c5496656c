"""Built-in demo family: a tiny real PyTorch regression that trains in seconds."""
