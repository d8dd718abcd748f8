"""radoc: publish a software reference architecture from YAML as a browsable site."""

__version__ = "0.1.0"
