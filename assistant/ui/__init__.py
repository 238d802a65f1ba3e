"""The Gradio chat UI: it receives the workspace and only lays out, wires and formats.
"""
