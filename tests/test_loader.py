"""The loader: valid content loads into frozen data; every kind of broken content gives a clear German line."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import MappingProxyType

import pytest

from ksm_tui.core.loader import CONTENT_FILES, ContentError, default_content_dir, load_content

SHIPPED = default_content_dir()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SHIPPED, target)
    return target


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(folder: Path, name: str, extra: str) -> None:
    path = folder / name
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(folder)
    assert info.value.errors, "a ContentError must carry at least one message"
    assert str(info.value) == "\n".join(info.value.errors)
    return info.value.errors


def test_default_dir_in_checkout_is_repo_content():
    assert SHIPPED == Path(__file__).resolve().parent.parent / "content"
    assert all((SHIPPED / name).is_file() for name in CONTENT_FILES)


def test_shipped_content_loads_as_frozen_tuples_and_mappings():
    content = load_content()
    assert content.directory == SHIPPED
    assert isinstance(content.models, tuple) and isinstance(content.tasks, tuple)
    assert isinstance(content.models[0].advantages, tuple)
    assert isinstance(content.flowchart.nodes, MappingProxyType)
    assert isinstance(content.flowchart.recommendations, MappingProxyType)
    with pytest.raises(TypeError):
        content.flowchart.nodes["x"] = content.flowchart.nodes["strategie"]  # type: ignore[index]
    with pytest.raises(AttributeError):  # immutable records
        content.models[0].name = "anders"  # type: ignore[misc]


def test_load_accepts_a_string_path(content_copy: Path):
    assert load_content(str(content_copy)).directory == content_copy


def test_syntax_error_names_file_and_line(content_copy: Path):
    path = content_copy / "flowchart.toml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(11, "das ist kein toml\n")  # becomes line 12
    path.write_text("".join(lines), encoding="utf-8")
    errors = errors_of(content_copy)
    assert len(errors) == 1
    assert errors[0].startswith("flowchart.toml, Zeile 12: TOML-Syntaxfehler")


def test_duplicate_key_is_a_syntax_error_with_line(content_copy: Path):
    edit(content_copy, "guide.toml", 'date = "März 2020"\n', 'date = "März 2020"\ndate = "2020"\n')
    (error,) = errors_of(content_copy)
    assert error.startswith("guide.toml, Zeile ")
    assert "TOML-Syntaxfehler" in error


def test_missing_field(content_copy: Path):
    edit(content_copy, "models.toml", 'name = "KSM im Fachamt"\n', "")
    assert errors_of(content_copy) == ["models.toml: models[3].name: Pflichtfeld fehlt"]


def test_unknown_key(content_copy: Path):
    edit(content_copy, "tasks.toml", 'label = "Controlling,', 'lable = "Controlling,')
    errors = errors_of(content_copy)
    assert 'tasks.toml: tasks[7]: unbekannter Schlüssel "lable"' in errors
    assert "tasks.toml: tasks[7].label: Pflichtfeld fehlt" in errors


def test_duplicate_id(content_copy: Path):
    edit(content_copy, "models.toml", 'id = "v7a"', 'id = "v7"')
    assert errors_of(content_copy) == ['models.toml: models[4].id: doppelte ID "v7"']


def test_unknown_model_in_flowchart(content_copy: Path):
    edit(content_copy, "flowchart.toml", 'model = "v11"\nkind = "possible"\nreason = "Eine kommunale',
         'model = "v99"\nkind = "possible"\nreason = "Eine kommunale')
    assert errors_of(content_copy) == [
        'flowchart.toml: nodes.finanzierung.answers[2].effects[1].model: unbekanntes Modell "v99"'
    ]


def test_unreachable_node(content_copy: Path):
    append(
        content_copy,
        "flowchart.toml",
        '\n[nodes.x]\nkind = "outcome"\ntitle = "X"\ntext = "X"\nexplanation = "X"\nsource = "Kapitel 5"\n',
    )
    assert errors_of(content_copy) == ['flowchart.toml: Knoten "x" ist vom Start aus nicht erreichbar']


def test_cycle(content_copy: Path):
    edit(content_copy, "flowchart.toml", 'next = "ergebnis-rueckhalt"', 'next = "strategie"')
    errors = errors_of(content_copy)
    assert "flowchart.toml: Zyklus: strategie → finanzierung → politik → strategie" in errors
    assert 'flowchart.toml: Knoten "ergebnis-rueckhalt" ist vom Start aus nicht erreichbar' in errors


def test_path_without_outcome(content_copy: Path):
    edit(content_copy, "flowchart.toml", 'next = "ergebnis-gering"', 'next = "sackgasse"')
    append(
        content_copy,
        "flowchart.toml",
        '\n[nodes.sackgasse]\nkind = "question"\ntitle = "S"\ntext = "S?"\nexplanation = "S"\nsource = "Kapitel 5"\n',
    )
    errors = errors_of(content_copy)
    assert "flowchart.toml: Pfad strategie → finanzierung → politik → sackgasse endet ohne Ergebnis" in errors
    assert "flowchart.toml: nodes.sackgasse.answers: eine Frage braucht mindestens eine Antwort" in errors


def test_unknown_next_node(content_copy: Path):
    edit(content_copy, "flowchart.toml", 'next = "ergebnis-offen"', 'next = "ergebnis-offn"')
    errors = errors_of(content_copy)
    assert 'flowchart.toml: nodes.politik.answers[1].next: unbekannter Knoten "ergebnis-offn"' in errors


def test_unknown_start_node(content_copy: Path):
    edit(content_copy, "flowchart.toml", 'start = "strategie"', 'start = "anfang"')
    assert errors_of(content_copy) == ['flowchart.toml: flowchart.start: unbekannter Knoten "anfang"']


def test_unknown_recommendation(content_copy: Path):
    edit(
        content_copy,
        "flowchart.toml",
        'recommendations = ["partner-foerderung", "uebergangsloesung"]',
        'recommendations = ["partner-foerderung", "sponsoring"]',
    )
    assert errors_of(content_copy) == [
        'flowchart.toml: nodes.finanzierung.answers[2].recommendations[1]: unbekannte Empfehlung "sponsoring"'
    ]


def test_outcome_must_not_have_answers(content_copy: Path):
    append(
        content_copy,
        "flowchart.toml",
        '\n[[nodes.ergebnis-offen.answers]]\nid = "weiter"\nlabel = "Weiter"\nnext = "strategie"\n',
    )
    errors = errors_of(content_copy)
    assert "flowchart.toml: nodes.ergebnis-offen.answers: ein Ergebnisknoten darf keine Antworten haben" in errors


def test_wrong_type(content_copy: Path):
    edit(content_copy, "tasks.toml",
         'id = "landkreis-gemeinden"\ntable = "aussen"\nlabel = "Landkreis: Externe Aufgaben für Gemeinden"\n'
         'county_only = true',
         'id = "landkreis-gemeinden"\ntable = "aussen"\nlabel = "Landkreis: Externe Aufgaben für Gemeinden"\n'
         'county_only = "ja"')
    assert errors_of(content_copy) == [
        "tasks.toml: groups[4].county_only: Wahrheitswert (true/false) erwartet, gefunden: Text"
    ]


def test_wrong_type_in_list(content_copy: Path):
    edit(content_copy, "models.toml", '"Selbstfinanzierung",', "42,")
    assert errors_of(content_copy) == ["models.toml: models[9].advantages[2]: Text erwartet, gefunden: Zahl"]


def test_invalid_choice(content_copy: Path):
    edit(content_copy, "models.toml", 'scope = "landkreis"', 'scope = "kreis"')
    assert errors_of(content_copy) == [
        'models.toml: models[4].scope: ungültiger Wert "kreis" (erlaubt: "beide", "landkreis")'
    ]


def test_unknown_task_group_and_table(content_copy: Path):
    edit(content_copy, "tasks.toml", 'id = "extern-2"\ngroup = "extern"', 'id = "extern-2"\ngroup = "externe"')
    edit(content_copy, "tasks.toml", 'id = "pflicht"\ntable = "verwaltung"', 'id = "pflicht"\ntable = "innen"')
    errors = errors_of(content_copy)
    assert 'tasks.toml: tasks[20].group: unbekannte Gruppe "externe"' in errors
    assert 'tasks.toml: groups[0].table: unbekannte Tabelle "innen"' in errors


def test_county_group_rows_cannot_be_marked_for_all(content_copy: Path):
    edit(
        content_copy,
        "tasks.toml",
        'id = "landkreis-gemeinden-3"\ngroup = "landkreis-gemeinden"\n'
        'label = "Koordinationsstelle für Finanzierungs- und Fördermöglichkeiten"\ncounty_only = true',
        'id = "landkreis-gemeinden-3"\ngroup = "landkreis-gemeinden"\n'
        'label = "Koordinationsstelle für Finanzierungs- und Fördermöglichkeiten"\ncounty_only = false',
    )
    (error,) = errors_of(content_copy)
    assert error.startswith("tasks.toml: tasks[25].county_only: muss true sein")


def test_model_needs_steckbrief_or_reason(content_copy: Path):
    path = content_copy / "models.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('id = "v10"')
    end = text.index("[[models]]", start)
    section = text[start:end]
    line = next(ln for ln in section.splitlines(keepends=True) if ln.startswith("steckbrief_missing"))
    path.write_text(text[:start] + section.replace(line, "") + text[end:], encoding="utf-8")
    assert errors_of(content_copy) == [
        "models.toml: models[8].steckbrief_missing: Pflichtfeld fehlt (das Modell hat keinen Steckbrief)"
    ]


def test_missing_file_and_errors_in_other_files_are_all_reported(content_copy: Path):
    (content_copy / "lists.toml").unlink()
    edit(content_copy, "models.toml", 'name = "KSM im Fachamt"\n', "")
    edit(content_copy, "tasks.toml", 'label = "Controlling,', 'lable = "Controlling,')
    errors = errors_of(content_copy)
    assert "lists.toml: Datei fehlt" in errors
    assert "models.toml: models[3].name: Pflichtfeld fehlt" in errors
    assert 'tasks.toml: tasks[7]: unbekannter Schlüssel "lable"' in errors


def test_invalid_utf8(content_copy: Path):
    (content_copy / "guide.toml").write_bytes(b'[guide]\ntitle = "\xff"\n')
    assert errors_of(content_copy) == ["guide.toml: keine gültige UTF-8-Datei"]


def test_missing_directory(tmp_path: Path):
    missing = tmp_path / "gibt-es-nicht"
    assert errors_of(missing) == [f"{missing}: Inhaltsordner nicht gefunden"]


def test_remark_label_cannot_be_overridden(content_copy: Path):
    edit(content_copy, "models.toml", 'id = "v9-eea"', 'id = "v9-eea"\nlabel = "Leitfaden"')
    assert errors_of(content_copy) == ['models.toml: models[7].remarks[0]: unbekannter Schlüssel "label"']


def test_control_characters_are_stripped(content_copy: Path):
    edit(content_copy, "models.toml", 'name = "KSM im Fachamt"\n', 'name = "KSM im \\u001b[31mFachamt"\n')
    assert load_content(content_copy).model("v7").name == "KSM im [31mFachamt"
