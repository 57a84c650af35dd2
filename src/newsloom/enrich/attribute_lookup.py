"""The model's attribute_ruler as a table lookup: the same token attributes, a fraction of the time.

``en_core_web_sm``'s attribute_ruler maps tags to coarse POS and morphology with 179 Matcher
rules. spaCy's Matcher tries every rule at every token (about a sixth of the whole parse); but
171 rules look at one token only, and every rule looks at nothing but the token's TAG, LOWER,
DEP and IS_SPACE (and its neighbour's, for the 8 two-token rules). So the rules that match a
token are a function of that tuple: they are worked out once per distinct tuple and cached,
and the two-token rules are checked only where their first token's conditions hold.

Semantics kept exactly (``tests/enrich/test_attribute_lookup.py`` compares every token's
POS, TAG, MORPH, LEMMA and DEP with the real ruler's on a few hundred articles): every rule is
matched against the attributes as they were before any rule applied, and the rules are applied
in their order, a later rule's value winning (spaCy sorts matches by rule index).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.vocab import Vocab

FACTORY = "newsloom_attribute_lookup"
# The token attributes the rules read, in the order of the lookup key.
_KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
# Distinct (TAG, LOWER, DEP, IS_SPACE) tuples kept; news text has a few thousand per 100 articles.
CACHE_SIZE = 200_000

Key = tuple[str, str, str, bool]
Predicate = Callable[[Key], bool]


def _value_test(spec: Any) -> Callable[[Any], bool]:
    """One Matcher token-attribute condition as a test on the attribute's value."""
    if isinstance(spec, (str, bool)):
        return lambda value: bool(value == spec)
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, arg),) = spec.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda value: value in allowed
        if op == "NOT_IN":
            banned = frozenset(arg)
            return lambda value: value not in banned
        if op == "REGEX":
            pattern = re.compile(arg)  # the Matcher uses re.search too
            return lambda value: pattern.search(value) is not None
    raise ValueError(f"attribute ruler condition not supported by the lookup: {spec!r}")


def _token_test(conditions: dict[str, Any]) -> Predicate:
    tests: list[tuple[int, Callable[[Any], bool]]] = []
    for attr, spec in conditions.items():
        if attr not in _KEY_ATTRS:
            raise ValueError(f"attribute ruler reads {attr}, which the lookup does not key on")
        tests.append((_KEY_ATTRS.index(attr), _value_test(spec)))

    def test(key: Key) -> bool:
        return all(check(key[i]) for i, check in tests)

    return test


def _lower_values(conditions: dict[str, Any]) -> frozenset[str] | None:
    """The words a rule's LOWER condition allows, when it lists them (equality or IN)."""
    spec = conditions.get("LOWER")
    if isinstance(spec, str):
        return frozenset([spec])
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return frozenset(spec["IN"])
    return None


class _Conditions:
    """Token conditions numbered in order, split so that a new key costs a few tests rather
    than one per rule: those listing their words are found by the word, those not reading
    LOWER are cached by (TAG, DEP, IS_SPACE), and the rest (a LOWER regex) are always tested."""

    def __init__(self) -> None:
        self.count = 0
        self._by_word: dict[str, list[tuple[int, Predicate]]] = {}
        self._no_word: list[tuple[int, Predicate]] = []
        self._any_word: list[tuple[int, Predicate]] = []
        self._context_cache: dict[tuple[str, str, bool], list[int]] = {}

    def add(self, conditions: dict[str, Any]) -> int:
        number, self.count = self.count, self.count + 1
        test = _token_test(conditions)
        words = _lower_values(conditions)
        if words is not None:
            for word in words:
                self._by_word.setdefault(word, []).append((number, test))
        elif "LOWER" in conditions:
            self._any_word.append((number, test))
        else:
            self._no_word.append((number, test))
        self._context_cache.clear()
        return number

    def matching(self, key: Key) -> list[int]:
        context = (key[0], key[2], key[3])
        found = self._context_cache.get(context)
        if found is None:
            found = [n for n, test in self._no_word if test(key)]
            self._context_cache[context] = found
        extra = [n for n, test in (*self._by_word.get(key[1], ()), *self._any_word) if test(key)]
        return found + extra if extra else found


# What one token key gives: the one-token rules that match it (in rule order), and the pair
# rules for which it satisfies the first / the second token's conditions.
_Hit = tuple[tuple[int, ...], tuple[int, ...], frozenset[int]]


class AttributeLookup:
    """A drop-in for spaCy's ``AttributeRuler`` built from its patterns (see the module doc)."""

    def __init__(self, vocab: Vocab, patterns: Iterable[dict[str, Any]] = ()) -> None:
        self.vocab = vocab
        self._attrs: list[dict[int, Any]] = []
        self._single = _Conditions()
        self._single_rule: list[int] = []  # condition number -> rule
        self._first = _Conditions()  # pair rules' first and second tokens, numbered alike
        self._second = _Conditions()
        self._pairs: list[tuple[int, int]] = []  # pair number -> (rule, index of its target)
        # Keys are the attributes' hashes as ``Doc.to_array`` gives them.
        self._cache: dict[tuple[int, ...], _Hit] = {}
        self._merged: dict[tuple[int, ...], dict[int, Any]] = {}
        self._patterns: list[dict[str, Any]] = []  # as given: the compiled tests do not pickle
        self.add_patterns(patterns)

    def __reduce__(self) -> tuple[Any, ...]:
        return (AttributeLookup, (self.vocab, self._patterns))

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Rules in the ``AttributeRuler.patterns`` form, after the ones already added."""
        self._cache.clear()
        self._merged.clear()
        for entry in patterns:
            self._patterns.append(entry)
            rule = len(self._attrs)
            self._attrs.append(normalize_token_attrs(self.vocab, entry["attrs"]))
            index = int(entry.get("index", 0))
            for pattern in entry["patterns"]:
                if len(pattern) == 1 and index in (0, -1):
                    self._single.add(pattern[0])
                    self._single_rule.append(rule)
                elif len(pattern) == 2 and index in (0, 1, -1, -2):
                    self._first.add(pattern[0])
                    self._second.add(pattern[1])
                    self._pairs.append((rule, index % 2))
                else:
                    raise ValueError(f"attribute ruler pattern not supported: {pattern!r}")

    def _lookup(self, ids: tuple[int, ...]) -> _Hit:
        hit = self._cache.get(ids)
        if hit is None:
            strings = self.vocab.strings
            key: Key = (strings[ids[0]], strings[ids[1]], strings[ids[2]], bool(ids[3]))
            rules = sorted({self._single_rule[n] for n in self._single.matching(key)})
            firsts = tuple(self._first.matching(key))
            seconds = frozenset(self._second.matching(key))
            hit = (tuple(rules), firsts, seconds)
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[ids] = hit
        return hit

    def _merge(self, rules: tuple[int, ...]) -> dict[int, Any]:
        """The attributes of ``rules`` applied in order (a later rule's value wins)."""
        merged = self._merged.get(rules)
        if merged is None:
            merged = {}
            for rule in rules:
                merged.update(self._attrs[rule])
            self._merged[rules] = merged
        return merged

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache, lookup = self._cache, self._lookup  # a cache hit costs no call
        keys = map(tuple, doc.to_array(list(_KEY_ATTRS)).tolist())
        hits = [cache.get(key) or lookup(key) for key in keys]
        extra: dict[int, list[int]] = {}
        for i, (_, firsts, _) in enumerate(hits[:-1]):
            for n in firsts:
                if n in hits[i + 1][2]:
                    rule, index = self._pairs[n]
                    extra.setdefault(i + index, []).append(rule)
        for i, (single, _, _) in enumerate(hits):
            rules = single
            if i in extra:
                rules = tuple(sorted({*single, *extra[i]}))
            if rules:
                set_token_attrs(doc[i], self._merge(rules))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(FACTORY)
def make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    """Built empty; ``use_attribute_lookup`` fills it from the model's own ruler."""
    return AttributeLookup(nlp.vocab)


def use_attribute_lookup(nlp: Language, name: str = "attribute_ruler") -> None:
    """Replace the pipeline's attribute ruler ``name`` by a lookup built from its patterns."""
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        raise TypeError(f"{name} is a {type(ruler).__name__}, not an AttributeRuler")
    patterns = ruler.patterns
    lookup = nlp.replace_pipe(name, FACTORY)
    if not isinstance(lookup, AttributeLookup):
        raise TypeError(f"{FACTORY} built {type(lookup).__name__}")
    lookup.add_patterns(patterns)
