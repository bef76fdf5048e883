"""Digit Studio: draw a digit, see what a neural network reads, and train that network."""

__version__ = "0.1.0"
