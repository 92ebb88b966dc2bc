"""An old-contract delivery validates, with one clear warning per change (analysis.deliveries.validate_contract).

The delivery (Weller, 2026), written cell by cell as an old template made it::

    projecten  P1 nieuwbouw 10 sociale huur Heerlen 2027 hard
               K1 aankoop    6 sociale huur Heerlen 2025 opgeleverd   (also in mutaties: reported twice)
               K2 aankoop    3 sociale huur Kerkrade 2025 opgeleverd  (not in mutaties: still counts)
    mutaties   Heerlen 2025 AAN 6 realisatie                          (old code: origin unknown)
               Heerlen 2026 SLO 2 prognose
    financien  header 'operationele kasstroom' (old name), no equity / total assets columns

Expected: nothing rejected; warnings for the old header (financien, row 1), AAN (mutaties, row 2),
the aankoop projects (projecten, rows 3 and 4), the purchase reported twice (projecten, row 3) and
the missing solvency fields (financien). Counted for social rent 2022-2030: realised K2 3 + the
mutation 6 (not K1 again) = 9, hard P1 10.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from analysis import schemas
from analysis.deliveries.validate import validate_directory
from analysis.rules import plans

OLD_ICR_HEADER = "operationele kasstroom"


def _sheet(wb: Workbook, spec: schemas.SheetSpec, rows: list[dict], headers: list[str] | None = None) -> None:
    ws = wb.create_sheet(spec.sheet)
    headers = headers or spec.headers
    ws.append(headers)
    for r in rows:
        ws.append([r.get(h) for h in headers])


def _old_delivery(folder: Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, schemas.LEVERING_CORP, [{"corporatie": "Weller", "leveringsjaar": 2026}])
    project = {"wijk": None, "woonvorm": "regulier", "segment": "sociale huur", "planstatus": "opgeleverd"}
    _sheet(wb, schemas.PROJECTEN, [
        {**project, "projectnummer": "P1", "projectnaam": "Nieuw", "gemeente": "Heerlen", "soort": "nieuwbouw",
         "aantal woningen": 10, "jaar van oplevering": 2027, "planstatus": "hard"},
        {**project, "projectnummer": "K1", "projectnaam": "Aankoop Heerlen", "gemeente": "Heerlen", "soort": "aankoop",
         "aantal woningen": 6, "jaar van oplevering": 2025},
        {**project, "projectnummer": "K2", "projectnaam": "Aankoop Kerkrade", "gemeente": "Kerkrade",
         "soort": "aankoop", "aantal woningen": 3, "jaar van oplevering": 2025},
    ])
    _sheet(wb, schemas.MUTATIES, [
        {"gemeente": "Heerlen", "jaar": 2025, "soort": "AAN", "aantal": 6, "status": "realisatie"},
        {"gemeente": "Heerlen", "jaar": 2026, "soort": "sloop", "aantal": 2, "status": "prognose"},
    ])
    _sheet(wb, schemas.VOORRAAD, [
        {"vhe-nummer": "V1", "gemeente": "Heerlen", "bouwjaar": 1970, "woningtype": "EGW", "netto huur": 600,
         "energielabel": "C", "aardgasvrij": "nee", "woonvorm": "regulier", "monument": "nee"}])
    old_fin = [OLD_ICR_HEADER if h == "kasstroom vóór rente" else h for h in schemas.FINANCIEN.headers
               if h not in ("eigen vermogen beleidswaarde", "balanstotaal beleidswaarde")]
    fin = {"beleidswaarde": 8e8, "marktwaarde": 1.5e9, "leningen": 5e8, "rentelasten": 1.4e7,
           OLD_ICR_HEADER: 4.2e7, "geplande investeringen": 6e7}
    _sheet(wb, schemas.FINANCIEN, [{**fin, "jaar": 2025}, {**fin, "jaar": 2026}], headers=old_fin)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "weller_2026.xlsx"
    wb.save(path)
    return path


def test_old_delivery_validates_with_the_warnings(tmp_path):
    _old_delivery(tmp_path / "2026")
    result = validate_directory(tmp_path / "2026", write=False)
    assert len(result.rejections) == 0
    assert [p for p in result.problems if p.severity == "fout"] == []
    warnings = [p for p in result.problems if p.severity == "waarschuwing"]

    def hit(sheet, row, fragment):
        return [p for p in warnings if p.sheet == sheet and p.row == row and fragment in p.expected]

    assert hit("financien", 1, "kolom 'kasstroom vóór rente'")  # the old ICR header, read as before interest
    assert hit("mutaties", 2, "de oude code AAN zegt niet van wie er is gekocht")
    assert hit("projecten", 3, "rijen 3, 4: geen projecten van de soort 'aankoop'")
    assert hit("projecten", 3, "project K1 (6 woningen, Heerlen, 2025) staat ook in het blad 'mutaties'")
    assert not hit("projecten", 4, "staat ook in het blad 'mutaties'")  # K2: no purchase mutation
    assert hit("financien", None, "de solvabiliteit (Aw/WSW")
    # the figures: the old header's values are read, the AAN code is kept
    fin = result.tables["finances"]
    assert fin["operating_cash_flow_eur"].tolist() == [4.2e7, 4.2e7]
    assert fin["equity_policy_value_eur"].isna().all()
    assert result.tables["mutations"]["mutation_type"].tolist() == ["AAN", "SLO"]


def test_old_delivery_counts_each_purchase_once(tmp_path):
    _old_delivery(tmp_path / "2026")
    t = validate_directory(tmp_path / "2026", write=False).tables
    combined = plans.combine_plans(t["projects"], t["plan_capacity"], t["mutations"], year=2026)
    c = plans.count_by_status(combined, "sociale_huur", 2022, 2030)
    # realised: K2 3 + AAN 6 (counted as inponding) = 9, K1 left out; hard: P1 10
    assert (c["realised"], c["planned_hard"]) == (9, 10)
    assert plans.find_double_purchases(t["projects"], t["mutations"], 2026)["project_id"].tolist() == ["K1"]
