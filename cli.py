"""Run vnqual from a checkout: ``python cli.py topics corpora/toa-dam-boi-duong``."""

from vnqual.cli import main

if __name__ == "__main__":
    main()
