"""Robot telemetry: storage (COPY ingest), relay simulator, collision/battery/anomaly models, Brain Worker."""
