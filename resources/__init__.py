"""Bundled data: sample articles, themes, icons."""
