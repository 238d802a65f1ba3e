"""The application: the shelf of documents being written, the chat workspace, reading requests,
the library, the composition root.

Depends on every stage below; nothing below depends on it.
"""
