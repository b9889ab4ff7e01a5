"""CX metrics layer: the Python side (data generator, loaders, command-line tools)."""

__version__ = "0.1.0"
