"""The delivery workbooks: every sheet, column and code list. This module is the data contract.

Senders (the 9 corporations and 7 municipalities) deliver one workbook per party per year.
Sheet and column headers are Dutch, as senders write them; the processed tables that the
analyses read use the English ``name`` of each field. Coded fields accept the code, the Dutch
label or a listed alias (case and whitespace insensitive) and are stored as the code.

Workbooks
---------
Corporation workbook ``<corporatie>_<jaar>.xlsx``: sheets ``levering``, ``projecten``,
``mutaties``, ``voorraad``, ``financien`` (plus ``toelichting`` and ``lijsten`` written by
``rpa template``; ignored on reading).

Municipality workbook ``<gemeente>_<jaar>.xlsx``: sheets ``levering``, ``plancapaciteit``,
``voorzieningenwijzer``.

A CSV file with the same columns as one sheet is accepted too; its name must be
``<afzender>_<jaar>_<blad>.csv`` (e.g. ``weller_2026_voorraad.csv``).

Processed tables (``data/processed/<year>/<table>.parquet``)
------------------------------------------------------------
One parquet file per ``SheetSpec.table``: the English field names below, plus the provenance
columns in :data:`PROVENANCE_COLUMNS`, plus ``corporation`` (canonical corporation name) for
corporation sheets or ``sender_municipality`` for municipality sheets. Municipality fields are
normalised to the canonical name (e.g. "Heerlen"); see ``data/raw/reference/municipalities.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------------------
# Code lists. Each entry: code -> (Dutch label, aliases). VERA code where one exists is an alias.
# --------------------------------------------------------------------------------------

CODE_LISTS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "segment": {
        "sociale_huur": ("sociale huur", ("sociaal", "sociale huurwoning", "shw", "daeb")),
        "middenhuur": ("middenhuur", ("middeldure huur", "mhw")),
        "betaalbare_koop": ("betaalbare koop", ("betaalbare koopwoning", "bk")),
        "vrije_sector": ("vrije sector", ("vrije sector huur", "vrije sector koop", "duur")),
        "flex": ("flex", ("flexwoning", "flexwonen", "tijdelijk")),
    },
    "woonvorm": {
        "regulier": ("regulier", ("reguliere woning", "geen")),
        "nultreden": ("nultreden", ("nultredenwoning", "0-treden", "levensloopbestendig", "nul", "lev")),
        "geclusterd": ("geclusterd", ("geclusterde woonvorm", "gec")),
        "zorggeschikt": ("zorggeschikt", ("zorggeschikte woning", "zwo")),
    },
    "project_type": {
        "nieuwbouw": ("nieuwbouw", ("niu", "nie")),
        "transformatie": ("transformatie", ("tra",)),
        "sloop_nieuwbouw": ("sloop-nieuwbouw", ("sloop/nieuwbouw", "sloop en nieuwbouw", "sln", "vernieuwbouw")),
        # Old contract only: a purchase is reported in ``mutaties`` (AAP/AAC) since 2026; still read, with a warning.
        "aankoop": ("aankoop", ("aan", "inponding", "inponden")),
    },
    "plan_status": {
        "idee": ("idee", ("initiatief", "ideefase")),
        "zacht": ("zacht", ("zachte plancapaciteit", "zacht plan")),
        "hard": ("hard", ("harde plancapaciteit", "hard plan", "onherroepelijk")),
        "in_aanbouw": ("in aanbouw", ("in uitvoering", "bouw gestart", "aanbouw")),
        "opgeleverd": ("opgeleverd", ("gerealiseerd", "gereed")),
    },
    "rent_class": {
        "goedkoop": ("goedkoop", ("goe",)),
        "betaalbaar_1": ("betaalbaar 1", ("betaalbaar laag", "tot eerste aftoppingsgrens")),
        "betaalbaar_2": ("betaalbaar 2", ("betaalbaar hoog", "tot tweede aftoppingsgrens")),
        "duur": ("duur", ("duu", "duur tot liberalisatiegrens")),
        "middenhuur": ("middenhuur", ("middensegment",)),
        "boven_middenhuur": ("boven middenhuur", ("vrije sector", "bov", "geliberaliseerd")),
        "koop": ("koop", ("koopwoning",)),
    },
    # VERA INEXPLOITATIEREDEN / UITEXPLOITATIEREDEN where they exist; AAP, AAC, VAC and LIB are ours.
    # AAP is inponding (afspraak 1 and 8: "particuliere woningen"); AAC adds nothing to the region's
    # social stock. AAN (origin unknown) is the old code: still read, with a warning (DEPRECATED_CODES).
    "mutation_type": {
        "AAP": ("aankoop van particuliere eigenaar (inponding)",
                ("inponding", "inponden", "aankoop particulier", "aankoop van particulier")),
        "AAC": ("aankoop van andere corporatie", ("aankoop van corporatie", "aankoop corporatie")),
        "AAN": ("aankoop (herkomst onbekend)", ("aankoop", "aankoop/inponding")),
        "SLO": ("sloop", ()),
        "VAH": ("verkoop aan huurder", ()),
        "VAB": ("verkoop aan belegger", ()),
        "VAC": ("verkoop aan andere corporatie", ("verkoop aan corporatie",)),
        "VAO": ("verkoop overig", ("verkoop aan overige natuurlijke persoon", "verkoop overige")),
        "LIB": ("liberalisatie", ("geliberaliseerd", "naar vrije sector")),
    },
    "figure_status": {
        "prognose": ("prognose", ("verwachting", "plan", "p")),
        "realisatie": ("realisatie", ("gerealiseerd", "r", "werkelijk")),
    },
    # VERA ENERGIELABEL, written as the label itself.
    "energy_label": {
        "A++++": ("A++++", ("ap4",)), "A+++": ("A+++", ("ap3",)), "A++": ("A++", ("app",)),
        "A+": ("A+", ("ap",)), "A": ("A", ()), "B": ("B", ()), "C": ("C", ()), "D": ("D", ()),
        "E": ("E", ()), "F": ("F", ()), "G": ("G", ()),
    },
    # VERA TOEGANKELIJKHEIDSLABEL (GEL deprecated, accepted as GNV).
    "accessibility_label": {
        "NUL": ("nultredenwoning", ("nultreden",)),
        "GNV": ("gelijkvloerse woning (geen nultredenwoning)", ("gelijkvloers", "gel")),
        "ROA": ("rollatorwoning", ("rollator",)),
        "ROG": ("rollatorwoning (geen nultredenwoning)", ()),
        "ROL": ("rolstoelwoning", ("rolstoel",)),
        "RUI": ("extra ruime rolstoelwoning", ()),
        "ZON": ("woning zonder bijzondere toegankelijkheid", ("geen", "zonder")),
    },
    "dwelling_type": {
        "EGW": ("eengezinswoning", ("eengezins", "grondgebonden")),
        "MGW": ("meergezinswoning", ("meergezins", "appartement", "flat", "etagewoning")),
    },
    # Dwelling-level woonvorm: the VERA WOONVORM codes we use plus "regulier".
    "stock_woonvorm": {
        "REG": ("regulier", ("reguliere woning", "geen")),
        "GEC": ("geclusterde woonvorm", ("geclusterd",)),
        "ZWO": ("zorggeschikte woning", ("zorggeschikt",)),
        "SEN": ("seniorenwoning met zorg", ("seniorenwoning",)),
        "LEV": ("levensloopbestendige woning", ("levensloopbestendig",)),
        "ADL": ("ADL-clusterwoning", ()),
        "BEG": ("begeleid wonen", ()),
    },
    "planned_measure": {
        "sloop": ("sloop", ("slopen",)),
        "renovatie": ("renovatie", ("groot onderhoud",)),
        "verduurzaming": ("verduurzaming", ("isolatie", "energetische verbetering")),
        "verkoop": ("verkoop", ("verkopen",)),
    },
    "developer": {
        "corporatie": ("corporatie", ("woningcorporatie", "wooncorporatie")),
        "markt": ("markt", ("marktpartij", "ontwikkelaar", "belegger", "particulier")),
    },
    "yes_no": {
        "ja": ("ja", ("j", "yes", "y", "true", "waar", "1", "x")),
        "nee": ("nee", ("n", "no", "false", "onwaar", "0")),
    },
}


#: Codes of the old contract that are still read, with a warning (``validate_contract``); the
#: templates and the sender documentation no longer offer them. Code list -> code -> why.
DEPRECATED_CODES: dict[str, dict[str, str]] = {
    "mutation_type": {"AAN": "de herkomst van de aankoop is onbekend; gebruik AAP (van een particuliere eigenaar, "
                             "inponding) of AAC (van een andere corporatie)"},
    "project_type": {"aankoop": "een aankoop hoort in het blad 'mutaties' (AAP of AAC), niet in 'projecten'"},
}


def current_codes(code_list: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The codes of a list that the current contract offers (without :data:`DEPRECATED_CODES`)."""
    old = DEPRECATED_CODES.get(code_list, {})
    return {c: v for c, v in CODE_LISTS[code_list].items() if c not in old}


@dataclass(frozen=True)
class Field:
    """One column of a delivery sheet.

    ``kind`` is one of: ``str``, ``int`` (whole number), ``float``, ``year``, ``bool`` (ja/nee),
    ``code`` (value from ``CODE_LISTS[codes]``), ``municipality`` (a Parkstad municipality,
    any alias), ``corporation`` (one of the 9 ROW corporations, any alias).
    ``old_headers``: headers of the old contract still recognised for this column (with a warning).
    """

    header: str
    name: str
    kind: str
    description: str
    required: bool = True
    codes: str | None = None
    min: float | None = None
    max: float | None = None
    example: object = None
    old_headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetSpec:
    sheet: str
    table: str
    workbook: str  # "corporatie" or "gemeente"
    description: str
    fields: tuple[Field, ...]
    unique: tuple[str, ...] = field(default_factory=tuple)  # field names forming a unique key

    @property
    def headers(self) -> list[str]:
        return [f.header for f in self.fields]

    def by_header(self) -> dict[str, Field]:
        return {f.header: f for f in self.fields}


YEAR_MIN, YEAR_MAX = 1800, 2100  # plausibility bounds only; period checks are cross-checks

LEVERING_CORP = SheetSpec(
    sheet="levering", table="deliveries_corporation", workbook="corporatie",
    description="Wie levert, voor welk jaar. Eén rij.",
    fields=(
        Field("corporatie", "corporation", "corporation", "Naam van de corporatie", example="Weller"),
        Field("leveringsjaar", "delivery_year", "year", "Jaar van deze levering (rapportagejaar)", example=2026),
        Field("contactpersoon", "contact", "str", "Naam van wie vragen beantwoordt", required=False, example="J. Jansen"),
        Field("datum", "delivery_date", "str", "Datum van de levering", required=False, example="2026-02-01"),
    ),
)

LEVERING_GEM = SheetSpec(
    sheet="levering", table="deliveries_municipality", workbook="gemeente",
    description="Wie levert, voor welk jaar. Eén rij.",
    fields=(
        Field("gemeente", "municipality", "municipality", "Naam van de gemeente", example="Heerlen"),
        Field("leveringsjaar", "delivery_year", "year", "Jaar van deze levering (rapportagejaar)", example=2026),
        Field("contactpersoon", "contact", "str", "Naam van wie vragen beantwoordt", required=False, example="J. Jansen"),
        Field("datum", "delivery_date", "str", "Datum van de levering", required=False, example="2026-02-01"),
    ),
)

PROJECTEN = SheetSpec(
    sheet="projecten", table="projects", workbook="corporatie",
    description=("Projectenpijplijn: alle woningbouwprojecten 2022-2030 (nieuwbouw, transformatie, sloop-nieuwbouw), "
                 "gerealiseerd en gepland. Aankopen horen in het blad 'mutaties'."),
    unique=("project_id",),
    fields=(
        Field("projectnummer", "project_id", "str", "Eigen, vast projectnummer", example="P-001"),
        Field("projectnaam", "project_name", "str", "Naam van het project", example="Schilterstraat"),
        Field("gemeente", "municipality", "municipality", "Parkstadgemeente", example="Simpelveld"),
        Field("wijk", "district", "str", "Wijk of kern", required=False, example="Centrum"),
        Field("segment", "segment", "code", "Segment", codes="segment", example="sociale huur"),
        Field("woonvorm", "housing_form", "code", "Woonvorm (VERA GEC/ZWO)", codes="woonvorm", example="regulier"),
        Field("soort", "project_type", "code", "Soort project", codes="project_type", example="nieuwbouw"),
        Field("aantal woningen", "n_dwellings", "int", "Aantal woningen (geheel getal > 0)", min=1, example=24),
        Field("jaar van oplevering", "completion_year", "year", "(Verwacht) jaar van oplevering", min=2015, max=2040, example=2027),
        Field("planstatus", "plan_status", "code", "Planstatus", codes="plan_status", example="hard"),
        Field("huurklasse", "rent_class", "code", "Huur- of prijsklasse", codes="rent_class", required=False, example="betaalbaar 1"),
        Field("stichtingskosten", "total_cost_eur", "float", "Stichtingskosten van het project in euro", required=False, min=0, example=4800000),
        Field("opmerking", "remark", "str", "Toelichting", required=False, example=""),
    ),
)

MUTATIES = SheetSpec(
    sheet="mutaties", table="mutations", workbook="corporatie",
    description=("Voorraadmutaties buiten nieuwbouw, per gemeente en jaar: aankoop (van een particuliere eigenaar = "
                 "inponding, of van een andere corporatie), sloop, verkoop, liberalisatie. Elke aankoop staat alleen "
                 "hier (gerealiseerd en prognose), niet ook als project."),
    unique=("municipality", "year", "mutation_type", "figure_status"),
    fields=(
        Field("gemeente", "municipality", "municipality", "Parkstadgemeente", example="Heerlen"),
        Field("jaar", "year", "year", "Jaar van de mutatie", min=2015, max=2040, example=2025),
        Field("soort", "mutation_type", "code", "Soort mutatie (VERA in/uit-exploitatiereden)", codes="mutation_type", example="sloop"),
        Field("aantal", "count", "int", "Aantal woningen (geheel getal >= 0)", min=0, example=12),
        Field("status", "figure_status", "code", "prognose of realisatie", codes="figure_status", example="realisatie"),
    ),
)

VOORRAAD = SheetSpec(
    sheet="voorraad", table="stock", workbook="corporatie",
    description="Woningregister: één rij per verhuureenheid (VHE) op 1 januari van het leveringsjaar.",
    unique=("vhe_id",),
    fields=(
        Field("vhe-nummer", "vhe_id", "str", "Eigen, vast nummer van de verhuureenheid", example="VHE000001"),
        Field("gemeente", "municipality", "municipality", "Parkstadgemeente", example="Kerkrade"),
        Field("wijk", "district", "str", "Wijk of kern", required=False, example="Bleijerheide"),
        Field("bouwjaar", "build_year", "year", "Bouwjaar", min=1800, max=2040, example=1965),
        Field("woningtype", "dwelling_type", "code", "Eengezins- of meergezinswoning", codes="dwelling_type", example="eengezinswoning"),
        Field("netto huur", "net_rent_eur", "float", "Netto (kale) huur per maand in euro", min=0, max=5000, example=612.35),
        Field("energielabel", "energy_label", "code", "Energielabel A++++ t/m G (VERA)", codes="energy_label", example="E"),
        Field("ep2", "ep2_kwh_m2", "float", "EP2 in kWh/m² per jaar (NTA 8800)", required=False, min=-200, max=1500, example=265.0),
        Field("aardgasvrij", "gas_free", "bool", "ja of nee", example="nee"),
        Field("toegankelijkheid", "accessibility_label", "code", "VERA toegankelijkheidslabel", codes="accessibility_label", required=False, example="ZON"),
        Field("bat-sterren", "bat_stars", "int", "BAT-sterren 0 t/m 3", required=False, min=0, max=3, example=1),
        Field("woonvorm", "housing_form", "code", "VERA woonvorm of regulier", codes="stock_woonvorm", example="regulier"),
        Field("monument", "monument", "bool", "ja of nee", example="nee"),
        Field("geplande ingreep", "planned_measure", "code", "sloop, renovatie, verduurzaming of verkoop", codes="planned_measure", required=False, example="verduurzaming"),
        Field("jaar ingreep", "measure_year", "year", "Jaar van de geplande ingreep", required=False, min=2000, max=2050, example=2027),
        Field("label na ingreep", "label_after", "code", "Energielabel na de ingreep", codes="energy_label", required=False, example="B"),
        Field("aardgasvrij na ingreep", "gas_free_after", "bool", "ja of nee: is de woning na de geplande ingreep aardgasvrij", required=False, example="ja"),
    ),
)

FINANCIEN = SheetSpec(
    sheet="financien", table="finances", workbook="corporatie",
    description="Financiële kerngegevens per jaar (realisatie vorig jaar, prognose tot en met 2030), bedragen in euro.",
    unique=("year",),
    fields=(
        Field("jaar", "year", "year", "Jaar", min=2015, max=2040, example=2026),
        Field("beleidswaarde", "policy_value_eur", "float", "Beleidswaarde vastgoed in exploitatie (euro)", min=0, example=850_000_000),
        Field("marktwaarde", "market_value_eur", "float", "Marktwaarde in verhuurde staat (euro)", min=0, example=1_600_000_000),
        Field("leningen", "debt_eur", "float", "Schuldrestant leningen (euro)", min=0, example=520_000_000),
        Field("rentelasten", "interest_eur", "float", "Rentelasten in het jaar (euro)", min=0, example=14_000_000),
        Field("kasstroom vóór rente", "operating_cash_flow_eur", "float",
              "Operationele kasstroom vóór aftrek van betaalde rente (euro); de ICR is deze kasstroom gedeeld door "
              "de rentelasten", example=42_000_000, old_headers=("operationele kasstroom",)),
        Field("geplande investeringen", "planned_investment_eur", "float", "Geplande investeringen in het jaar (euro)", min=0, example=60_000_000),
        Field("huuropbrengsten", "rent_income_eur", "float", "Huuropbrengsten in het jaar (euro)", required=False, min=0, example=95_000_000),
        Field("stichtingskosten per woning", "cost_new_dwelling_eur", "float", "Eigen kostenkengetal nieuwbouw (euro per woning)", required=False, min=0, example=None),
        Field("kosten verduurzaming per woning", "cost_improvement_eur", "float", "Eigen kostenkengetal verduurzaming (euro per woning)", required=False, min=0, example=None),
        Field("eigen vermogen beleidswaarde", "equity_policy_value_eur", "float", "Eigen vermogen op beleidswaarde (euro)", required=False, min=0, example=310_000_000),
        Field("balanstotaal beleidswaarde", "total_assets_policy_value_eur", "float", "Balanstotaal op beleidswaarde (euro)", required=False, min=0, example=900_000_000),
    ),
)

PLANCAPACITEIT = SheetSpec(
    sheet="plancapaciteit", table="plan_capacity", workbook="gemeente",
    description="Plancapaciteit in de gemeente (corporaties en marktpartijen), per project.",
    unique=("project",),
    fields=(
        Field("project", "project", "str", "Naam of nummer van het plan", example="Centrumplan fase 2"),
        Field("segment", "segment", "code", "Segment", codes="segment", example="middenhuur"),
        Field("aantal", "n_dwellings", "int", "Aantal woningen (geheel getal > 0)", min=1, example=40),
        Field("jaar", "completion_year", "year", "(Verwacht) jaar van oplevering", min=2015, max=2040, example=2027),
        Field("planstatus", "plan_status", "code", "Planstatus", codes="plan_status", example="zacht"),
        Field("ontwikkelaar", "developer", "code", "corporatie of markt", codes="developer", example="markt"),
        Field("corporatie", "corporation", "corporation", "Bij ontwikkelaar corporatie: welke", required=False, example=""),
    ),
)

VOORZIENINGENWIJZER = SheetSpec(
    sheet="voorzieningenwijzer", table="voorzieningenwijzer", workbook="gemeente",
    description="VoorzieningenWijzer (afspraak 22): benaderde en geadviseerde huishoudens per jaar.",
    unique=("year",),
    fields=(
        Field("jaar", "year", "year", "Jaar", min=2015, max=2040, example=2025),
        Field("benaderd", "households_approached", "int", "Aantal benaderde kwetsbare huishoudens", min=0, example=60),
        Field("geadviseerd", "households_advised", "int", "Aantal geadviseerde huishoudens", min=0, example=35),
    ),
)

CORPORATION_SHEETS: tuple[SheetSpec, ...] = (LEVERING_CORP, PROJECTEN, MUTATIES, VOORRAAD, FINANCIEN)
MUNICIPALITY_SHEETS: tuple[SheetSpec, ...] = (LEVERING_GEM, PLANCAPACITEIT, VOORZIENINGENWIJZER)
ALL_SHEETS: tuple[SheetSpec, ...] = CORPORATION_SHEETS + MUNICIPALITY_SHEETS

#: Provenance columns on every processed row.
PROVENANCE_COLUMNS = ("delivery_year", "source_file", "source_sheet", "source_row")

#: Processed table name -> spec.
TABLES: dict[str, SheetSpec] = {s.table: s for s in ALL_SHEETS}


def code_label(code_list: str, code: str) -> str:
    """Dutch label of a code (for reports): ``code_label('plan_status', 'in_aanbouw') -> 'in aanbouw'``."""
    return CODE_LISTS[code_list][code][0]


def code_aliases(code_list: str) -> dict[str, str]:
    """Map every accepted spelling (lower-case, stripped) to its code."""
    out: dict[str, str] = {}
    for code, (label, aliases) in CODE_LISTS[code_list].items():
        for spelling in (code, label, *aliases):
            out[spelling.strip().lower()] = code
    return out
