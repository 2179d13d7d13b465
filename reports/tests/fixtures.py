"""Fixtures this app shares with every test in the project (see the root conftest)."""
