"""descent-kit's grading engine: grades gradient-descent submissions against hidden tests, safely."""

__version__ = "0.1.0"
