"""A fast tokenizer for the pipeline.

The Danish rule tokenizer (prefix, suffix and infix expressions, exceptions) costs more than
everything else in this pipeline. Names, roles and organisations need only word boundaries,
so the pipeline may swap in this one-expression tokenizer: words with inner hyphens,
apostrophes and dots stay whole ("IT-arkitekt", "A/S", "KL's", "Møberg-Torp"), every other
non-space character is a token, and the text round-trips exactly (extra white space becomes a
token, as in spaCy's own)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

_TOKEN = re.compile(r"([A-ZÆØÅ]/[A-ZÆØÅ]\b|[^\W_]+(?:[-'.][^\W_]+)*(?:-(?=\s))?|\S)(\s*)")


class FastTokenizer:
    """A regex tokenizer that keeps ``doc.text`` identical to the input."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        breaks: list[int] = []
        lead = len(text) - len(text.lstrip())
        if lead:
            words.append(text[:lead])
            spaces.append(False)
        for word, space in _TOKEN.findall(text, lead):
            words.append(word)
            if "\n" in space:
                # A line break ends a phrase: the rules do not walk over it.
                breaks.append(len(words) - 1)
            if space.startswith(" "):
                spaces.append(True)
                space = space[1:]
            else:
                spaces.append(False)
            if space:
                words.append(space)
                spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if breaks:
            doc.user_data["cg_breaks"] = frozenset(breaks)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> FastTokenizer:
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> FastTokenizer:
        return self


@spacy.registry.tokenizers("casegraph.fast_tokenizer.v1")
def create_fast_tokenizer() -> Any:
    def make(nlp: Language) -> FastTokenizer:
        return FastTokenizer(nlp.vocab)

    return make


__all__ = ["FastTokenizer", "create_fast_tokenizer"]
