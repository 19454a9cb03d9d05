"""办事指南: the whole published guide, read from the public projection."""
