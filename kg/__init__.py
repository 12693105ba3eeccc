"""kg: a knowledge-graph builder for actor relations in news."""

__version__ = "0.1.0"
