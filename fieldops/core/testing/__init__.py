"""Test helpers that every app's tests use: a real SMTP server on localhost and
task worker processes. Kept out of the apps' code; imported only by tests."""
