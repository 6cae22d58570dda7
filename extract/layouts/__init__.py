"""Layouts: one module per input convention, each turning a file into a draft."""
