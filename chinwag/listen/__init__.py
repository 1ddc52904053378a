"""Listening: voice activity, speech recognition, and (later) prosody and vocal events."""
