"""无碍 (wuai): a rule-based legal-aid chatbot for deaf and hard-of-hearing litigants."""

__version__ = "0.1.0"
