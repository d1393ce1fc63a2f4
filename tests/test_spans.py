"""The span model's candidates and the part-of-speech rules, on Docs built by hand."""
import spacy
from spacy.tokens import Doc

from personae import nlp as shipped
from personae.spans import noun_phrase_suggester


def doc_of(words, tags, sent_starts=None, deps=None, heads=None):
    vocab = spacy.blank("en").vocab
    return Doc(vocab, words=words, tags=tags, sent_starts=sent_starts, deps=deps, heads=heads)


def test_spans_candidates_end_on_a_noun_and_stay_in_their_sentence():
    doc = doc_of(["The", "old", "man", "ran", ".", "Mary", "Bennet", "smiled", "."],
                 ["DT", "JJ", "NN", "VBD", ".", "NNP", "NNP", "VBD", "."],
                 sent_starts=[True, False, False, False, False, True, False, False, False])
    pairs = {tuple(p) for p in noun_phrase_suggester()([doc]).data.tolist()}
    assert {(0, 3), (1, 3), (2, 3), (5, 7), (6, 7), (5, 6)} == pairs
    # nothing ends on a verb, nothing starts on one, nothing crosses the sentence break


def test_spans_candidates_no_longer_than_max_size():
    words = ["the"] + ["big"] * 12 + ["dog"]
    doc = doc_of(words, ["DT"] + ["JJ"] * 12 + ["NN"], sent_starts=[True] + [False] * 13)
    pairs = noun_phrase_suggester(max_size=10)([doc]).data.tolist()
    assert max(e - s for s, e in pairs) == 10 and all(e == 14 for _, e in pairs)


def test_spans_parts_of_speech_from_tags_words_and_dependencies():
    nlp = shipped.load()
    pos = nlp.get_pipe("attribute_ruler")  # replaced by personae_pos under the same name
    doc = doc_of(["She", "is", "singing", ",", "but", "he", "had", "a", "dog"],
                 ["PRP", "VBZ", "VBG", ",", "CC", "PRP", "VBD", "DT", "NN"],
                 deps=["nsubj", "aux", "ROOT", "punct", "cc", "nsubj", "conj", "det", "dobj"],
                 heads=[2, 2, 2, 2, 2, 6, 2, 8, 6])
    doc = pos(doc)
    assert [t.pos_ for t in doc] == ["PRON", "AUX", "VERB", "PUNCT", "CCONJ", "PRON", "VERB", "DET", "NOUN"]
