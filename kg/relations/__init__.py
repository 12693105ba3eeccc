"""Stance-relation extraction from UD parses with resolved actors."""
