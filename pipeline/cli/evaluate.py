"""Placeholder: replaced by the evaluate command."""
