"""The shipped content matches the guide (ifeu 2020) and marks everything ksm-tui adds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ksm_tui.core.loader import all_remarks, load_content

_SEED = Path("shared/seed/000_db5dcf1756a18c52.txt")
# The guide's text lies in shared/ beside the checkout (also in CI); fall back to the workplace path.
GUIDE_TEXT = next(
    (p for p in (Path(__file__).resolve().parents[2] / _SEED, Path("/work") / _SEED) if p.exists()),
    Path(__file__).resolve().parents[2] / _SEED,
)


@pytest.fixture(scope="module")
def content():
    return load_content()


def test_ten_models_with_numbers_and_names(content):
    assert [(m.id, m.number, m.name) for m in content.models] == [
        ("v5", "V 5", "Kommunales Energiemanagement (KEM)"),
        ("v6a-6c", "V 6a–6c", "Stellenteilung innerhalb der Verwaltung"),
        ("v6d-6f", "V 6d–6f", "Stellenteilung außerhalb der Verwaltung"),
        ("v7", "V 7", "KSM im Fachamt"),
        ("v7a", "V 7a", "KSM im Fachamt (Landkreis)"),
        ("v7b", "V 7b", "KSM im Fachamt/ Stabsstelle (Erstellung Klimaschutzkonzept)"),
        ("v8", "V 8", "Klimaschutz als Stabsstelle"),
        ("v9", "V 9", "Klimaschutz-Team mit zentralem Kümmerer (dauerhaft)"),
        ("v10", "V 10", "Eigenes Fachamt für Klimaschutz"),
        ("v11", "V 11", "Kommunale/regionale Energieagentur"),
    ]
    assert content.model("v8").title == "V 8 Klimaschutz als Stabsstelle"


def test_table_3_1_texts(content):
    v5 = content.model("v5")
    assert v5.description == "Eine Stelle organisiert für kommunale Gebäude alle Aspekte zum Thema Energie"
    assert v5.advantages == (
        "Darstellbare Erfolge in der Klimaschutzarbeit",
        "Kommune kann als Vorbild in den eigenen Liegenschaften agieren",
        "Entwicklung der KEM-Stelle beinhaltet Aushandlungsprozess zwischen verschiedenen Ämtern",
    )
    assert v5.disadvantages == (
        "Wirken lediglich innerhalb der Verwaltung (aus Klimaschutzsicht)",
        "Fokus auf nur einen Aspekt der Klimaschutzarbeit",
    )
    v8 = content.model("v8")
    assert len(v8.advantages) == 4 and len(v8.disadvantages) == 5
    assert "Direkte Anbindung an die Verwaltungsspitze" in v8.advantages
    assert "Nur geringes eigenes Budget" in v8.disadvantages
    assert content.model("v9").disadvantages[1].startswith("Die mit der Ausgestaltung des Teams")
    assert "Selbstfinanzierung" in content.model("v11").advantages
    assert content.model("v7b").description.endswith("(Voraussetzung seit Novellierung der Kommunalrichtlinie 2019)")
    # the extraction break "Entscheidungsträger* innen" is fixed
    assert content.model("v7").disadvantages[1].startswith(
        "Handlungsmöglichkeiten innerhalb der Gesamtverwaltung Entscheidungsträger*innen"
    )
    for model in content.models:
        assert model.advantages and model.disadvantages
        assert model.source == "Tabelle 3.1"


@pytest.mark.skipif(not GUIDE_TEXT.is_file(), reason="the guide's extracted text is only on the dev machine")
def test_model_and_task_texts_are_verbatim_from_the_guide(content):
    guide = GUIDE_TEXT.read_text(encoding="utf-8").replace("Entscheidungsträger* innen", "Entscheidungsträger*innen")
    rows = {line.split("|")[1].strip(): line for line in guide.splitlines() if re.match(r"\| V \d", line)}
    for model in content.models:
        row = rows[model.number.replace("–", "-")]
        for text in (model.name, model.description, *model.advantages, *model.disadvantages):
            assert text in row, (model.id, text)
    for task in content.tasks:
        assert f"| {task.label} |" in guide, task.id
    steckbrief = content.model("v7").steckbrief
    for row in steckbrief.ausgangslage + steckbrief.eigenschaften:
        assert f"| {row.label} |" in guide and row.comment in guide
    for field in steckbrief.empfehlungen:
        assert f"| {field.label} | {field.text} |" in guide


def test_county_model_and_scopes(content):
    assert {m.id for m in content.models if m.county_only} == {"v7a"}
    assert content.model("v7a").scope == "landkreis"
    assert all(m.scope == "beide" for m in content.models if m.id != "v7a")


def test_v1_to_v4_exist_only_as_a_group(content):
    (group,) = content.model_groups
    assert (group.id, group.number) == ("v1-v4", "V 1 – V 4")
    assert "ohne zentralen Kümmerer" in group.note
    assert "nicht weiter" in group.note
    assert group.source == "Kapitel 3.1"
    assert not content.has_model("v1-v4")


def test_v7_steckbrief(content):
    steckbrief = content.model("v7").steckbrief
    assert steckbrief is not None and steckbrief.source == "Tabelle 3.2"
    assert content.model("v7").steckbrief_missing == ""
    ausgangslage = {row.label: row.value for row in steckbrief.ausgangslage}
    assert ausgangslage == {
        "Kommunengröße": "> 25.000 EW (Einwohner)",
        "Finanzielles Budget Personal": "Mindestens halbe Stelle",
        "Zeitliche Auslegung der Stelle": "Mittel bis langfristig",
        "Budget Klimaschutz": "Mindestens 5 Euro/EW",
        "Historie Klimaschutz": "Mittel bis hoch",
        "Relevanz für Schlüsselakteure": "Hoch",
    }
    assert "Pro 50.000 EW wird in etwa eine volle Stelle" in steckbrief.ausgangslage[1].comment
    eigenschaften = {row.label: row.value for row in steckbrief.eigenschaften}
    assert eigenschaften == {
        "Grad der personellen Verstetigung": "Hoch",
        "Kooperation nach außen": "Mittel bis hoch",
        "Aufgabenspezialisierung": "Mittel",
        "Strukturelle Einbindung": "Hoch",
        "Stellenbeschreibung": "Überwiegend Managementaufgaben",
    }
    assert [f.label for f in steckbrief.empfehlungen] == [
        "Weiterentwicklung der personellen Verstetigung",
        "Strategie",
        "Klimaschutzziele",
        "Finanzierung",
        "Controlling",
        "Netzwerke",
        "Maßnahmen nach innen",
        "Maßnahmen nach außen",
    ]
    assert "Klimaschutzfonds" in steckbrief.empfehlungen[3].text
    assert all(row.comment for row in steckbrief.ausgangslage + steckbrief.eigenschaften)


def test_other_models_have_no_invented_steckbrief(content):
    for model in content.models:
        if model.id == "v7":
            continue
        assert model.steckbrief is None, model.id
        assert "nur für V 7" in model.steckbrief_missing
        assert "Tabelle 3.2" in model.steckbrief_missing
        assert "ifeu" in model.steckbrief_missing


def test_task_tables_and_groups(content):
    assert [(t.id, t.title, t.source) for t in content.task_tables] == [
        ("verwaltung", "Klimaschutzaufgaben innerhalb der Verwaltung", "Tabelle 4.2"),
        ("aussen", "Klimaschutzaufgaben nach außen", "Tabelle 4.3"),
    ]
    assert [(g.id, g.table, g.label, len(content.tasks_of(g.id))) for g in content.task_groups] == [
        ("pflicht", "verwaltung", "Pflichtaufgaben", 5),
        ("management", "verwaltung", "Management-orientierte Aufgaben", 9),
        ("vernetzung", "aussen", "Vernetzung von Verwaltung und externen Akteuren", 5),
        ("extern", "aussen", "Externe Aufgaben", 4),
        ("landkreis-gemeinden", "aussen", "Landkreis: Externe Aufgaben für Gemeinden", 8),
    ]
    assert [g.id for g in content.task_groups if g.county_only] == ["landkreis-gemeinden"]
    assert len(content.tasks) == 31
    assert [g.id for g in content.groups_of("aussen")] == ["vernetzung", "extern", "landkreis-gemeinden"]


def test_task_ids_follow_the_guides_row_order(content):
    for group in content.task_groups:
        tasks = content.tasks_of(group.id)
        assert [t.id for t in tasks] == [f"{group.id}-{n}" for n in range(1, len(tasks) + 1)]
        assert all(t.table == group.table for t in tasks)
    assert content.task("pflicht-1").label == (
        "Projektbezogene Berücksichtigung von Klimaschutzbelangen in der Verwaltungsarbeit (z.B. Bauleitplanung)"
    )
    assert content.task("management-2").label == "Erstellung und Weiterentwicklung von Klimaschutzkonzepten"
    assert content.task("vernetzung-1").label == "Vorbereitung von Klimaschutzzielen"
    assert content.task("extern-2").label == "Bildungsarbeit in Schulen und Kindertagesstätten"
    assert content.task("landkreis-gemeinden-8").label == (
        "Entwicklung regionaler Netzwerke (z.B. Handwerk, Architekten, Planer, Betriebe, Energieberater)"
    )


def test_county_flags_exactly_as_agreed(content):
    expected = {"pflicht-5", "management-9", "vernetzung-5"} | {f"landkreis-gemeinden-{n}" for n in range(1, 9)}
    assert {t.id for t in content.tasks if t.county_only} == expected
    for task_id in ("pflicht-5", "management-9", "vernetzung-5"):
        assert content.task(task_id).label.startswith("Landkreis:")


def test_lists(content):
    assert len(content.steps) == 6
    assert content.steps[0].title == "Regelmäßige Dokumentation der Maßnahmenumsetzung (inkl. Hemmnisse)"
    assert "spätestens 1,5 Jahre vor Ablauf der Förderung" in content.steps[3].title
    assert content.steps[5].title == "Der Verwaltungsspitze werden die Ideen und die Strategie präsentiert"
    assert [s.title for s in content.success_factors] == [
        "Zielgerichtet vernetzen",
        "Werbung für sich selbst machen (Präsenz und Öffentlichkeitsarbeit)",
        "Expertise einfließen lassen",
        "Externe Unterstützung nutzen",
    ]
    assert [f.id for f in content.foundations] == ["ziele", "strategien", "finanzierung", "organisation"]
    assert [t.title for t in content.future_topics] == [
        "Wirtschaftsförderung",
        "Mobilitätsmanagement",
        "Stadtplanung",
        "Stadtentwicklungsprozesse",
        "Demografiediskussionen",
        "Energiemanagement der eigenen Liegenschaften",
        "Fragen zur lokalen Energieversorgung",
        "Klimafolgen",
    ]
    for items, source in (
        (content.steps, "Kapitel 5.1"),
        (content.success_factors, "Kapitel 2"),
        (content.foundations, "Kapitel 1"),
        (content.future_topics, "Kapitel 4.2"),
    ):
        assert all(item.source == source and item.text for item in items)


def test_every_item_has_an_id_and_a_source(content):
    items = [
        *content.models,
        *content.model_groups,
        *content.task_tables,
        *content.task_groups,
        *content.tasks,
        *content.flowchart.nodes.values(),
        *content.flowchart.recommendations.values(),
        *content.steps,
        *content.success_factors,
        *content.foundations,
        *content.future_topics,
    ]
    for item in items:
        assert item.id and item.source, item
    for node in content.flowchart.nodes.values():
        for answer in node.answers:
            assert answer.id and answer.source, (node.id, answer.id)
    assert content.model("v7").steckbrief.source == "Tabelle 3.2"


def test_guide_info(content):
    assert content.guide.title == "Klimaschutzmanagement verstetigen"
    assert content.guide.date == "März 2020"
    assert "ifeu" in content.guide.publisher and "ifeu" in content.guide.citation


def test_dated_remarks_are_marked_and_keep_the_guides_text(content):
    remarks = all_remarks(content)
    assert {r.id for r in remarks} == {
        "kommunalrichtlinie-2024",
        "v7b-kommunalrichtlinie",
        "v9-eea",
        "management-1-eea",
    }
    assert all(r.label == "Anmerkung ksm-tui" and r.as_of == "2026-11" for r in remarks)
    (general,) = content.remarks
    for fact in ("10.10.2024", "24 Monate", "70 %", "90 %", "36 Monate", "40 %", "60 %"):
        assert fact in general.text
    for remark in (*content.task("management-1").remarks, *content.model("v9").remarks):
        assert "European Energy Award" in remark.text and "31.12.2025" in remark.text
    assert "10.10.2024" in content.model("v7b").remarks[0].text
    # the guide's own wording is left as it is
    assert "eea" in content.task("management-1").label
    assert "(z.B. über den eea)" in content.model("v9").advantages[2]


def _paths(flowchart):
    """Every path from the start as a list of (node, answer) pairs, ending at a node without answers."""
    result = []

    def walk(node_id, trail):
        node = flowchart.nodes[node_id]
        if not node.answers:
            result.append(trail + [(node, None)])
            return
        for answer in node.answers:
            walk(answer.next, trail + [(node, answer)])

    walk(flowchart.start, [])
    return result


def test_every_path_of_the_flowchart_ends_in_an_outcome(content):
    paths = _paths(content.flowchart)
    assert len(paths) == 27  # 3 questions with 3 answers each
    for path in paths:
        assert [node.id for node, _ in path[:3]] == ["strategie", "finanzierung", "politik"]
        assert path[-1][0].kind == "outcome"
    reached = {path[-1][0].id for path in paths}
    assert reached == {n.id for n in content.flowchart.nodes.values() if n.kind == "outcome"}


def test_flowchart_is_marked_as_reconstructed(content):
    flowchart = content.flowchart
    assert flowchart.note.startswith("Rekonstruiert aus dem Text von Kapitel 5")
    assert "Abbildung 5.1" in flowchart.note and "liegt nicht vor" in flowchart.note
    questions = [n for n in flowchart.nodes.values() if n.kind == "question"]
    assert [q.text for q in questions] == [
        "Gibt es nach Auslaufen der Förderung noch eine strategische Grundlage bzw. Ideen für die weiteren "
        "Tätigkeiten des KSM?",
        "Kann eine Finanzierung bzw. Verankerung im Haushalt gesichert werden?",
        "Wie ist der politische Rahmen zur Weiterbeschäftigung des KSM?",
    ]
    assert [q.source for q in questions] == ["Kapitel 5, 5.1", "Kapitel 5.2", "Kapitel 5.2"]
    assert all(q.explanation for q in questions)
    for outcome in (n for n in flowchart.nodes.values() if n.kind == "outcome"):
        assert outcome.text and outcome.source.startswith("Kapitel") and outcome.recommendations


def test_flowchart_effects_are_grounded(content):
    nodes = content.flowchart.nodes
    no_strategy = nodes["strategie"].answer("nein")
    v5 = next(e for e in no_strategy.effects if e.model == "v5")
    assert "Energiemanagement" in v5.reason and v5.reason.startswith("Gefahr")
    partner = nodes["finanzierung"].answer("partner")
    assert {e.model for e in partner.effects} >= {"v6d-6f", "v11"}
    assert "uebergangsloesung" in partner.recommendations
    weak = nodes["politik"].answer("gering")
    assert {e.model for e in weak.effects if e.kind == "against"} >= {"v8", "v9"}
    for node in nodes.values():
        for answer in node.answers:
            for effect in answer.effects:
                assert content.has_model(effect.model) and effect.reason


def test_flowchart_recommendations(content):
    recs = content.flowchart.recommendations
    assert "spätestens 1,5 Jahre vor Ablauf der Förderung" in recs["strategieworkshop"].text
    assert recs["strategieworkshop"].source == "Kapitel 5.1"
    assert "Übergangslösung" in recs["uebergangsloesung"].text
    assert "Pflichtaufgaben" in recs["ksm-ferne-aufgaben"].text
    assert "Energiemanagement" in recs["ksm-ferne-aufgaben"].text
    assert "Verstetigungsberatung" in recs["verstetigungsberatung"].text
    assert "5.2" in recs["verstetigungsberatung"].source and "Infobox" in recs["verstetigungsberatung"].source
    assert "Verwaltungsspitze" in recs["verwaltungsspitze"].text
    assert "dokumentieren" in recs["dokumentation"].text
    assert "Austausch" in recs["austausch-entscheider"].text
    used = {r for n in content.flowchart.nodes.values() for r in n.recommendations}
    used |= {r for n in content.flowchart.nodes.values() for a in n.answers for r in a.recommendations}
    assert used == set(recs), "every recommendation is used somewhere in the graph"
