"""Speaking: speech synthesis backends, style control, streaming clause-by-clause output."""
