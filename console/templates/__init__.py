"""Starting points for ``b32 new NAME --template game|demo|blank``: commented B32 sources in which
``__NAME__`` stands for the cart's name (shipped as package data, see pyproject.toml)."""
