"""Channels turn a platform's messages into Incoming, call engine.handle, and render Replies."""
