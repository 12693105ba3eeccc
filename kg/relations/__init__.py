"""The relation stage: stance mentions from UD parses with resolved actors."""
