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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.components.entity_spans import Candidate, EntitySpanRules
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

    rules: EntitySpanRules
    places: PhraseMatcher

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))

    def match(self, doc: Doc) -> list[Candidate]:
        """All candidate mentions and blockers, before overlaps are resolved."""
        rules = self.rules
        tk = rules.table(doc)
        classes = rules.token_classes(doc, tk.orth)
        place_spans = [(s, rules.extend_admin(tk, s, e)) for _, s, e in self.places(doc)]
        for s, e in place_spans:
            for i in range(s, e):
                classes[i] = "P"
        cls = "".join(classes)
        cands: list[Candidate] = []
        cands += rules.model_candidates(doc, tk, cls)
        names = [rules.org_name(doc, tk, cls, m.start(), m.end()) for m in _CHUNK_RE.finditer(cls)]
        org_cands = [
            Candidate(c.start, rules.extend_designator(doc, c.end), c.label, c.rule, c.priority)
            for c in names
            if c is not None
        ]
        cands += org_cands
        cands += rules.blockers(doc, tk, cls)
        cands += rules.acronym_candidates(tk, cls, [c for c in cands if c.label == "ORG"], _ACRONYM_RE)
        cands += [Candidate(s, e, "GPE", "place", 0) for s, e in place_spans]
        cands += rules.credit_candidates(doc, cls)
        cands += rules.tag_candidates(doc, tk.orth)
        cands += rules.person_candidates(doc, tk, cls, cands)
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
        doc.ents = sorted(kept, key=lambda s: s.start)
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
    matcher.add("GPE", list(nlp.tokenizer.pipe(surfaces)))
    return EntityFixer(rules=EntitySpanRules(lexicon), places=matcher)
