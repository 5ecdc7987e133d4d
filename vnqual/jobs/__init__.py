"""Jobs: one module per command, turning inputs + options into a result folder."""
