"""Reading files into structured documents: readers (.txt, .docx, .pdf, .md), header, tables, section tree.

Depends on ``vn`` and ``core``.
"""
