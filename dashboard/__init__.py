"""Peru–China Trade Lens: the claims of one Xinhua article checked against sourced trade data."""

__version__ = "0.1.0"
