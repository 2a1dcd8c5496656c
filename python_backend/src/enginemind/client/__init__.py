"""Python client of the EngineMind gRPC API (used by the CLI, the Unreal plugin's tools and scripts)."""

from enginemind.client.client import Client, ClientError

__all__ = ["Client", "ClientError"]
