"""Trained skeleton model: a small graph network over bones (name n-grams + rest geometry + tree position)."""
