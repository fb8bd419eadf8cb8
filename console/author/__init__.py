"""The cart author's tools, without pygame: watching a source and its INCLUDEs for saves,
reassembling, deciding between a reset and keeping RAM, the list of errors to show
(``session``); the stat poller under it (``watch``); new carts from templates (``new``).

The window (``console.frontend.author``) only shows what these decide, so everything here is
tested headless against the real file system.
"""
