"""Thin modules that call the ``unreal`` module (game thread only). Branches on the engine version live here;
the names they use are checked against the API index of every supported version (tests/unreal)."""
