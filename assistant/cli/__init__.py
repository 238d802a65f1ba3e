"""The command line (``assistant …``): one-line messages for the error family, nothing else of its own.
"""
