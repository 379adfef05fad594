"""Downloading a map as SVG, PNG and CSV from its page."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from convene.ripples import services
from convene.ripples.exports import CSV_HEADER
from tests.ripples.helpers import add, make_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def ripple_map(people):
    ripple_map = make_map(people.convenor, people.private_community, "Quiet ripples")
    root = add(
        people.convenor,
        ripple_map,
        "Ana chairs the huddle",
        capitals=["human", "social"],
        storyteller=people.member,
        pseudonym="a participant",
        witness=people.member,
    )
    add(
        people.convenor,
        ripple_map,
        "Depots share drivers",
        parent=root,
        level=2,
        valence="negative",
        intended=False,
        storyteller=people.convenor,
        evidence="Rota",
        evidence_url="https://intranet.example/rota",
    )
    services.open_session(actor=people.convenor, ripple_map=ripple_map)
    add(people.member, ripple_map, "Waiting words")
    return ripple_map


def export(client, ripple_map, fmt):
    return client.get(reverse("ripples:map_export", args=[ripple_map.pk, fmt]))


def test_csv_has_a_row_per_effect_with_every_field(people, as_member, ripple_map):
    response = export(as_member, ripple_map, "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="quiet-ripples.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == CSV_HEADER and len(rows) == 3
    first, second, waiting = (
        next(row for row in rows if row["Effect text"] == text)
        for text in ("Ana chairs the huddle", "Depots share drivers", "Waiting words")
    )
    assert first["Storyteller"] == "a participant"
    assert first["Community capitals"] == "human; social"
    assert first["Witness"] == people.member.full_name and first["Confirmation"].startswith(
        "Waiting"
    )
    assert second["Grew from"] == first["Effect"] and second["Ripple level"] == "2"
    assert second["Storyteller"] == people.convenor.full_name
    assert (second["Positive or negative"], second["Intended"]) == ("negative", "no")
    assert second["Evidence link"] == "https://intranet.example/rota"
    assert waiting["Placed on the map"] == "no"


def test_csv_never_names_a_pseudonymous_storyteller(people, as_member, ripple_map):
    body = export(as_member, ripple_map, "csv").content.decode()
    storytellers = [row[5] for row in csv.reader(io.StringIO(body))]
    assert people.member.full_name not in storytellers


def test_svg_is_xml_with_the_placed_effects(as_member, ripple_map):
    response = export(as_member, ripple_map, "svg")
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    shown = " ".join(" ".join(root.itertext()).split())
    assert "Ana chairs the huddle" in shown and "Depots share drivers" in shown
    assert "Waiting words" not in shown


def test_png_is_a_png(as_member, ripple_map):
    response = export(as_member, ripple_map, "png")
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
