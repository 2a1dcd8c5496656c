"""Skeleton analysis, independent of any trained model: import, names, roles, structure solver, targets, result.

The bonemap family (LM, trained skeleton model, jobs, service) builds on top of this package.
"""
