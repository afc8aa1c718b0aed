"""Griffe extension for the API reference: docstring examples rendered as code blocks.

Input: docstrings as written in the source, with doctest examples (runs of
`>>>` lines and their expected output) in plain text. Output: the same
docstrings with each run wrapped in a fenced code block, so that Markdown
shows the examples as code instead of reading the prompts as quotes.
"""

from __future__ import annotations

import griffe


def fence_doctests(text: str) -> str:
    out: list[str] = []
    in_fence = in_example = False
    indent = ""
    for line in text.split("\n"):
        stripped = line.strip()
        if in_example and not stripped:
            out.append(f"{indent}```")
            in_example = False
        if stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and not in_example and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```python")
            in_example = True
        out.append(line)
    if in_example:
        out.append(f"{indent}```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Wrap doctest examples of every loaded object's docstring in code fences."""

    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
