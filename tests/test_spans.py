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


def test_spans_place_adverbs_and_no_one_are_candidates_whatever_their_tag():
    # LitBank marks "home", "there" as places and "no one" as a person; none ends on a noun
    doc = doc_of(["No", "one", "went", "home", "but", "there", "."],
                 ["DT", "PRP", "VBD", "RB", "CC", "EX", "."],
                 sent_starts=[True] + [False] * 6)
    pairs = {tuple(p) for p in noun_phrase_suggester()([doc]).data.tolist()}
    assert {(0, 2), (1, 2), (3, 4), (5, 6)} <= pairs
    # a verb or a conjunction still starts nothing: no "went home", no "but there"
    assert not {s for s, _ in pairs} & {2, 4}
    assert all(e in (2, 4, 6) for _, e in pairs)


def test_spans_tagged_corpus_without_a_path_gives_no_examples():
    # spacy train resolves the config's pretraining corpus, which has no path when training
    from personae.spans import tagged_corpus
    assert list(tagged_corpus(None)(spacy.blank("en"))) == []


def test_spans_shipped_model_reads_the_parse_it_runs_after():
    # its encoder embeds dependency labels: the parser must have run before the span model
    nlp = shipped.load()
    assert nlp.pipe_names.index("parser") < nlp.pipe_names.index("spancat")
    doc = nlp("Mr. Darcy walked to the house of his aunt.")
    assert doc.has_annotation("DEP")
    assert {"Mr. Darcy", "the house of his aunt", "his aunt"} & {s.text for s in doc.spans["litbank"]}


def test_spans_shipped_suggester_starts_on_a_possessive_pronoun():
    # the saved config's copy of the start tags has lost "PRP$"; the loaded model must not
    nlp = shipped.load()
    doc = nlp("I saw his father.")
    assert doc[2].tag_ == "PRP$"
    pairs = {tuple(p) for p in nlp.get_pipe("spancat").suggester([doc]).data.tolist()}
    assert (2, 4) in pairs
