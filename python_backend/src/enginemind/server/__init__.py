"""The grpc.aio server: auth, error mapping, session, health, reflection and one servicer per service."""
