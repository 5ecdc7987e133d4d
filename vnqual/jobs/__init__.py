"""Jobs: one module per command, turning inputs + options into a result folder or file.

``ingest``, ``topics``, ``tag``, ``report``, ``export`` each hold the job of the command of the same
name; :mod:`vnqual.jobs.folders` says what every result folder contains. The CLI (``vnqual.cli``)
parses options, calls one job and prints; the library below the jobs knows nothing of folders.
This ``__init__`` imports nothing so that :mod:`vnqual.jobs.folders` stays cheap to import.
"""
