"""The Vietnamese language layer: text normalisation, the number reader, the domain vocabulary.

Depends on nothing else in the package (but ``errors`` and the data files).
"""
