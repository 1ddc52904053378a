"""Frames, clocks and audio I/O: the conversation's shared time base."""
