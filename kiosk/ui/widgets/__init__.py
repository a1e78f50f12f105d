"""Touch widgets shared by the patron screens."""
