"""Jobs: one module per command, turning inputs and options into a result (the CLI is thin over these)."""
