"""Generated protobuf and gRPC code for the Unreal plugin (tools/gen_protos.py). Do not edit."""
