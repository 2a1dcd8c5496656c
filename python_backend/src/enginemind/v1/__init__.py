"""Generated protobuf and gRPC code (tools/gen_protos.py). Do not edit."""
