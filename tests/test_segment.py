"""Blocks: headlines and paragraphs end sentences; hard wraps and datelines are handled."""

from kg.nlp.segment import split_blocks
from tests.conftest import SEED


def test_seed_headlines_are_their_own_blocks():
    text = SEED.read_text(encoding="utf-8")
    blocks = [b.text for b in split_blocks(text)]
    assert "Sharp Criticism from Beijing" in blocks
    assert "Russia’s Position on Ukraine and NATO" in blocks
    for block in split_blocks(text):
        assert text[block.start:block.end].replace("\n", " ") == block.text


def test_hard_wrapped_paragraphs_are_joined_and_headlines_split():
    text = (
        "PARIS (Reuters) - France on Tuesday accused Australia and the United\n"
        "States of stabbing it in the back, after they announced a new defence\n"
        "pact that cancelled a submarine deal worth billions of euros to Paris.\n"
        "\n"
        "   Foreign minister Jean-Yves Le Drian said it was a stab in the back\n"
        "and that trust had been betrayed by the decision of the government.\n"
        "Submarine row deepens\n"
        "   The new paragraph begins here and it continues for a while until the\n"
        "end of the line where the sentence finally stops with a full stop.\n"
    )
    blocks = [b.text for b in split_blocks(text)]
    assert blocks[0] == "PARIS (Reuters) -"
    assert blocks[1].startswith("France on Tuesday accused Australia and the United States of")
    assert blocks[1].endswith("to Paris.")
    assert "Submarine row deepens" in blocks
    assert blocks[-1].startswith("The new paragraph begins here")
    assert blocks[-1].endswith("with a full stop.")


def test_unwrapped_lines_each_end_a_block():
    text = "Headline without stop\nFirst paragraph. Second sentence.\nAnother paragraph."
    assert [b.text for b in split_blocks(text)] == [
        "Headline without stop", "First paragraph. Second sentence.", "Another paragraph."]
