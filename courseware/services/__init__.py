"""Use cases: plain arguments in, one transaction each, nothing about HTTP."""
