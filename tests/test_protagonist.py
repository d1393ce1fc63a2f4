"""The protagonist: one per book; a memoir's or a first-person novel's narrator."""
from personae.stages import protagonist


def test_protagonist_exactly_one_on_sample_and_it_is_the_narrator(sample_book):
    flagged = [c for c in sample_book.characters if c.protagonist]
    assert len(flagged) == 1
    assert flagged[0].narrator  # the sample is told by Agnes Whitlow
    assert sample_book.to_json()["characters"][sample_book.characters.index(flagged[0])]["protagonist"]


def test_protagonist_most_present_person_without_narrator(sample_book):
    import copy
    book = copy.deepcopy(sample_book)
    for c in book.characters:
        c.narrator = False
    chosen = protagonist.choose(book)
    assert chosen is not None and not chosen.narrator
    # a person present throughout and often beats one who is present rarely
    assert chosen.total >= sorted(c.total for c in book.characters)[len(book.characters) // 2]
