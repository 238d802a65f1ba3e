"""The prompt templates (``*.txt``), shipped inside the package as ``assistant.prompts``."""
