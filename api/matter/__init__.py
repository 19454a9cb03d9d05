"""基本目录 items (matters) and where they are implemented."""
