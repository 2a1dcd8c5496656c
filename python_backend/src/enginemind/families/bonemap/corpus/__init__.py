"""Synthetic rigs for training and evaluation: public naming conventions, bodies, renames and the dev set."""
