"""The shared domain model: parsed-document and draft types, the officer's facts, the outlines.

Depends on ``vn`` only.
"""
