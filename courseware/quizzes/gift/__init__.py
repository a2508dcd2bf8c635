"""gift."""
