"""Checks of the course wording: our own words (copying) and Chinese and English typography."""
