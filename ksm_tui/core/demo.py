"""A filled, obviously fictional sample session ("Musterstadt") for trying the app and for tests.

All names and numbers are invented. The flowchart path uses the ids of the shipped graph (content/flowchart.toml)
and stands at its outcome; the outcome itself is not recorded, so the catalogue shows no marks until it is.
"""

from __future__ import annotations

import datetime as _dt

from ksm_tui.core.session import Assessment, FlowState, FlowStep, Participant, Session, TaskEntry

DEMO_TITLE = "Musterstadt – Verstetigungsworkshop"

# (task id, IST, SOLL) in tenths of a percent; every row that counts for a Gemeinde/Stadt (no "Landkreis:" rows).
# Each column sums to exactly 1000 (= 100,0 %).
_VALUES: tuple[tuple[str, int, int], ...] = (
    ("pflicht-1", 25, 60),
    ("pflicht-2", 25, 70),
    ("pflicht-3", 20, 45),
    ("pflicht-4", 30, 75),
    ("management-1", 80, 70),
    ("management-2", 60, 60),
    ("management-3", 50, 55),
    ("management-4", 40, 40),
    ("management-5", 50, 45),
    ("management-6", 30, 35),
    ("management-7", 40, 45),
    ("management-8", 50, 50),
    ("vernetzung-1", 40, 50),
    ("vernetzung-2", 60, 55),
    ("vernetzung-3", 50, 40),
    ("vernetzung-4", 50, 35),
    ("extern-1", 150, 100),
    ("extern-2", 60, 30),
    ("extern-3", 50, 25),
    ("extern-4", 40, 15),
)

_ROW_NOTES: dict[str, str] = {
    "pflicht-1": "Bauleitplanung: KSM soll künftig bei jedem B-Plan-Verfahren früh beteiligt werden.",
    "pflicht-3": "Sanierungsfahrplan Musterstädter Grundschulen gemeinsam mit dem Hochbauamt.",
    "management-1": "eea-Prozess läuft seit 2023 (fiktiv).",
    "extern-1": "Klimaschutz-Aktionstag Musterstadt bindet viel Zeit – soll an die Pressestelle übergehen.",
}


def demo_session() -> Session:
    """A new (unsaved) demo session: id empty, revision 0."""
    return Session(
        title=DEMO_TITLE,
        kommune="Musterstadt",
        kommune_type="gemeinde",
        population=48_000,
        date=_dt.date(2026, 3, 12),
        place="Rathaus Musterstadt, Sitzungssaal 2 (fiktiv)",
        facilitator="Erika Mustermann",
        participants=[
            Participant(name="Max Beispiel", role="KSM"),
            Participant(name="Dr. Petra Platzhalter", role="Amtsleitung"),
            Participant(name="Clara Exempel", role="Bürgermeisterin"),
        ],
        funding_phase="anschlussvorhaben",
        funding_end=_dt.date(2027, 6, 30),
        current_model="v7",
        tasks={
            tid: TaskEntry(ist=ist, soll=soll, note=_ROW_NOTES.get(tid, "")) for tid, ist, soll in _VALUES
        },
        assessments={
            "v8": Assessment(
                status="favorisiert",
                note="Stabsstelle bei der Bürgermeisterin: ämterübergreifende Koordination wird gestärkt.",
            ),
            "v7": Assessment(status="moeglich", note="Bleibt im Umweltamt, falls keine Stabsstelle geschaffen wird."),
            "v11": Assessment(status="verworfen", note="Keine Energieagentur in der Region vorhanden."),
        },
        flowchart=FlowState(
            steps=[
                FlowStep(
                    node="strategie",
                    answer="teilweise",
                    note="Konzept von 2019 ist zu zwei Dritteln umgesetzt; Fortschreibung ist angedacht.",
                ),
                FlowStep(node="finanzierung", answer="haushalt",
                         note="Kämmerei signalisiert eine volle Stelle ab 2027."),
                FlowStep(node="politik", answer="rueckhalt",
                         note="Bürgermeisterin und Hauptausschuss stehen dahinter."),
                FlowStep(node="ergebnis-rueckhalt"),
            ],
            cursor=3,
        ),
        notes=(
            "Fiktives Beispiel – alle Namen und Zahlen sind erfunden.\n"
            "Nächster Schritt: Beschlussvorlage für den Hauptausschuss vorbereiten."
        ),
    )
