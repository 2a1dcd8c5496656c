"""Structure-first bone solver: roles from the tree and the rest pose, names only refine (``merge``)."""
