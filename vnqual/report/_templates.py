"""The Jinja2 environment of vnqual's HTML pages (the report; shared with the review app).

Templates live in ``vnqual/report/templates/``: ``base.html`` is the layout every page extends
(blocks ``csp``, ``head``, ``title``, ``styles``, ``body``), ``report.html`` and ``report/*.html``
the report. Two rules make the environment differ from a default one:

* **Autoescape everywhere**, with :class:`~jinja2.StrictUndefined`: every ``{{ value }}`` is
  HTML-escaped unless it is :class:`~markupsafe.Markup`, and a missing variable is an error, not
  an empty string. Values are escaped as :func:`html.escape` spells it (``&quot;``, ``&#x27;``),
  as vnqual 0.1 wrote its reports, so a report is byte-identical across the move to templates.
* **Line breaks in the static text of ``.html`` templates are dropped**, with the spaces around
  them, so templates can be indented while the page stays one line (text inside a line is kept).
  A sentence must therefore not be broken across template lines. ``.css`` files are kept as
  they are (``keep_trailing_newline`` keeps their last line break too).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from typing import Any

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

__all__ = ["environment", "render"]

_LINE_BREAK = re.compile(r"[ \t]*\r?\n\s*")


class JoinLines(Extension):
    """Drop line breaks (and the indentation around them) from the static text of ``.html`` files."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        if not (stream.name or "").endswith(".html"):
            yield from stream
            return
        for token in stream:
            if token.type == "data":
                token = Token(token.lineno, "data", _LINE_BREAK.sub("", token.value))
            yield token


def _escape(value: Any) -> Any:
    """Escape like :func:`html.escape`; autoescape then leaves the resulting Markup alone."""
    if isinstance(value, (Markup, jinja2.Undefined)) or hasattr(value, "__html__"):
        return value  # an Undefined is left for StrictUndefined to raise on
    return Markup(html.escape(str(value)))


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment (created once): package templates, autoescape, strict variables."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("vnqual.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_escape,
        keep_trailing_newline=True,
        extensions=[JoinLines],
    )


def render(name: str, **context: Any) -> str:
    """Render the template ``name`` (e.g. ``"report.html"``) with ``context``.

    Parameters
    ----------
    name : str
        Template path under ``vnqual/report/templates/``.
    **context
        Template variables. Strings are escaped; pass :class:`~markupsafe.Markup` only for HTML
        that vnqual built itself with every text inside escaped.

    Returns
    -------
    str
        The rendered page.

    Raises
    ------
    jinja2.UndefinedError
        If the template uses a variable that ``context`` does not define.
    """
    return environment().get_template(name).render(**context)
