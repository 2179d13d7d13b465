"""Helpers the apps' tests share; nothing here is imported by the portal itself."""
