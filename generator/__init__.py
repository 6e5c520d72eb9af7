"""minsheng: a static site generator for local-government livelihood commitments (民生实事)."""

__version__ = "0.1.0"
