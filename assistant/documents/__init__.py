"""Whole documents: records of versions, section states, layout in the national format, DOCX export, the format check.

Depends on the stages below it.
"""
