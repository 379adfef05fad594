"""Drawing the map: pure functions, from an empty map to a hundred effects."""

from __future__ import annotations

import random
from xml.etree import ElementTree

from convene.ripples import drawing
from convene.ripples.drawing import Node

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def hundred_effects() -> list[Node]:
    rng = random.Random(9)
    nodes: list[Node] = []
    for number in range(1, 101):
        parent = rng.choice([None, *nodes]) if nodes else None
        level = 1 if parent is None else min(4, parent.level + rng.choice((0, 1)))
        text = f"Effect {number}: a change that someone described at some length in the session"
        parent_id = parent.id if parent else None
        nodes.append(Node(number, parent_id, text, level, rng.random() > 0.2))
    return nodes


def texts_of(svg: str) -> str:
    root = ElementTree.fromstring(svg)
    return " ".join(
        "".join(element.itertext()) for element in root.iter() if element.tag.endswith("text")
    )


def test_empty_map_draws_just_the_centre():
    svg = drawing.draw_svg("Leading Through Change", [])
    assert "Leading Through Change" in texts_of(svg)
    assert drawing.draw_png("Leading Through Change", []).startswith(PNG_SIGNATURE)


def test_svg_is_xml_with_every_effects_text():
    nodes = [
        Node(1, None, "Ana chairs the huddle", 1),
        Node(2, 1, "Depots share drivers", 2, False),
    ]
    svg = drawing.draw_svg("Centre words", nodes, title="A map")
    shown = texts_of(svg)
    for words in ("Centre words", "Ana chairs the huddle", "Depots share drivers", "A map"):
        assert words in shown.replace("\n", " ")


def test_a_hundred_effects_draw_as_svg_and_png():
    nodes = hundred_effects()
    svg = drawing.draw_svg("Centre", nodes)
    assert "Effect 100:" in texts_of(svg)
    assert drawing.draw_png("Centre", nodes).startswith(PNG_SIGNATURE)


def test_long_text_is_wrapped_and_shortened():
    wrapped = drawing.wrap("word " * 60)
    lines = wrapped.split("\n")
    assert len(lines) == drawing.MOST_LINES
    assert all(len(line) <= drawing.WRAP_WIDTH for line in lines)
    assert lines[-1].endswith("…")


def test_effects_sit_on_their_level_ring_and_branches_keep_together():
    nodes = [Node(1, None, "a", 1), Node(2, 1, "b", 2), Node(3, 1, "c", 3), Node(4, None, "d", 1)]
    placed = {item.node.id: item for item in drawing.layout(nodes)}
    for node in nodes:
        distance = (placed[node.id].x ** 2 + placed[node.id].y ** 2) ** 0.5
        assert (
            drawing.radius(node.level)
            <= distance
            <= drawing.radius(node.level) + drawing.STAGGER + 1e-9
        )
    assert len(placed) == 4


def test_an_effect_whose_parent_is_missing_hangs_from_the_centre():
    placed = drawing.layout([Node(5, 404, "orphan", 2)])
    assert [item.node.id for item in placed] == [5]
