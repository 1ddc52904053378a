"""Small fakes for tests: real servers and scripted stand-ins for the heavy backends."""
