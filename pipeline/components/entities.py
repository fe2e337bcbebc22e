"""Entity fixer: rewrites the model's ``doc.ents`` to the ORG/GPE/PERSON mentions FACTS.md counts.

The small English model misses or mislabels many names in this news (long council and initiative
names, acronyms, Vietnamese places read as people). This component runs right after ``ner`` and
merges four sources of candidates, longest first (FACTS.md's flat rule):

* the model's own spans, cleaned by FACTS.md's span rules (leading "the", titles, possessives,
  years and version marks, "western China" → "China", hyphenated places split);
* a place gazetteer (``models/places.jsonl`` + ``models/aliases.jsonl``) matched with a
  ``PhraseMatcher``;
* title-case names anchored on organisation head nouns (``models/org_heads.json``), their
  bracketed acronyms and every later use of those acronyms;
* later short mentions of a person ("Chinh" after "Pham Minh Chinh") and photo credits.

Documents, geographic features, demonyms and currency words block any mention they cover.
Token classes are one dict lookup per token; the name scan is a regular expression over them.
The rules live beside this module, one family each: ``entity_tokens`` (token table, classes,
word sets), ``entity_ner_spans`` (the model's spans cleaned), ``entity_orgs`` (head-noun names,
documents, acronyms), ``entity_places`` (administrative words, blockers, tags) and
``entity_people`` (short person mentions, titles, photo credits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.components.entity_ner_spans import model_candidates
from pipeline.components.entity_orgs import acronym_candidates, extend_designator, org_name
from pipeline.components.entity_people import credit_candidates, person_candidates
from pipeline.components.entity_places import autonomous_areas, blockers, extend_admin, tag_candidates
from pipeline.components.entity_tokens import Candidate, EntityWords, TokenClasses
from pipeline.normalise.entity_lexicon import load_lexicon

LABELS = ("ORG", "GPE", "PERSON")
# A name group: a capitalised word, acronym, place, head noun or document word, hyphenated chains
# of them, or a bracketed group "(Chongqing)"; connectors ("of the") join groups into one chunk.
_GROUP = r"(?:(?:Cs)?[CUPHD](?:-[CUPHD])*|\([CUP]+(?:-[CUP]+)*\))"
_CHUNK_RE = re.compile(rf"{_GROUP}+(?:ot?{_GROUP}+)*")
_ACRONYM_RE = re.compile(r"U(?:-U)*")


@dataclass
class EntityFixer:
    """The ``newsfacts_entities`` component: ``match(doc)`` then ``set_annotations``."""

    words: EntityWords
    tokens: TokenClasses
    places: PhraseMatcher

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))

    def match(self, doc: Doc) -> list[Candidate]:
        """All candidate mentions and blockers, before overlaps are resolved."""
        w = self.words
        tk, classes = self.tokens.table(doc)
        place_spans = [(s, extend_admin(w, tk, s, e)) for _, s, e in self.places(doc)]
        place_spans += [a for a in autonomous_areas(w, tk, classes) if a not in place_spans]
        for s, e in place_spans:
            classes[s:e] = "P" * (e - s)
        cls = "".join(classes)
        cands: list[Candidate] = []
        cands += model_candidates(w, doc, tk, cls)
        names = [org_name(w, tk, cls, m.start(), m.end()) for m in _CHUNK_RE.finditer(cls)]
        org_cands = [
            Candidate(c.start, extend_designator(w, doc, c.end), c.label, c.rule, c.priority)
            for c in names
            if c is not None
        ]
        cands += org_cands
        cands += blockers(w, tk, cls)
        cands += acronym_candidates(tk, cls, [c for c in cands if c.label == "ORG"], _ACRONYM_RE)
        cands += [Candidate(s, e, "GPE", "place", 0) for s, e in place_spans]
        cands += credit_candidates(w, tk, cls)
        cands += tag_candidates(w, tk)
        cands += person_candidates(w, tk, cls, cands)
        return cands

    def set_annotations(self, doc: Doc, cands: list[Candidate]) -> Doc:
        """Keep the longest non-overlapping candidates (ties: higher priority), drop blockers."""
        taken = [False] * len(doc)
        kept: list[Span] = []
        # Credits are read whole first; then the flat rule: longest first, ties by priority.
        order = sorted(cands, key=lambda c: (c.rule != "credit", -(c.end - c.start), -c.priority, c.start))
        for c in order:
            if c.end <= c.start or any(taken[c.start : c.end]):
                continue
            for i in range(c.start, c.end):
                taken[i] = True
            if c.label in LABELS:
                kept.append(Span(doc, c.start, c.end, label=c.label, span_id=c.rule))
        # set_ents takes the spans as they are; the ``doc.ents`` setter would rebuild each one.
        doc.set_ents(sorted(kept, key=lambda s: s.start), default="outside")
        return doc


@Language.factory(
    "newsfacts_entities",
    assigns=["doc.ents"],
    default_config={"models_dir": None},
)
def make_entity_fixer(nlp: Language, name: str, models_dir: str | None) -> EntityFixer:
    """Build the fixer once per process: the gazetteer matcher and the word classes."""
    lexicon = load_lexicon(models_dir)
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    # Surfaces with a leading "the" serve the names only: "the" stays outside the span.
    surfaces = sorted(s for s in lexicon.place_names if not s.startswith("the "))
    matcher.add("GPE", [nlp.make_doc(s) for s in surfaces])
    words = EntityWords(lexicon)
    return EntityFixer(words=words, tokens=TokenClasses(words), places=matcher)
