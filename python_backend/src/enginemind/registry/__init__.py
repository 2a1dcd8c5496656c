"""Model registry: versions, aliases, metrics, lineage and artifacts (files with sha256)."""
