"""The verdict box: outputs of cells tagged 'verdict' open the report, before the contents list."""

from __future__ import annotations

import datetime as dt
import re

import nbformat

from analysis.report import export


def _notebook():
    nb = nbformat.v4.new_notebook()
    verdict = nbformat.v4.new_code_cell("display(Markdown(text.verdict(result)))", metadata={"tags": ["verdict"]})
    verdict.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>Twee van de vijf doelen op koers.</p>"})]
    other = nbformat.v4.new_code_cell("x")
    other.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>Details per gemeente.</p>"})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Monitor"), nbformat.v4.new_markdown_cell("## Wat ontbreekt"),
                verdict, nbformat.v4.new_markdown_cell("## Stand van de afspraken"), other]
    return nb


def test_verdict_comes_first_in_a_box_before_the_contents():
    page = export.export_notebook(_notebook(), scope_type="regio", scope="Parkstad", phase_title="Q3",
                                  example_data=True, day=dt.date(2026, 12, 1))
    main = page[page.index("<main>"):]
    box = main.index('<section class="rpa-verdict"')
    assert main.index("Illustratieve voorbeelddata") < box < main.index('<nav class="rpa-toc"')
    assert main.count("Twee van de vijf doelen op koers.") == 1
    assert box < main.index("Twee van de vijf doelen op koers.") < main.index("</section>")
    assert main.index("Details per gemeente.") > main.index('<nav class="rpa-toc"')
    assert '<a href="#in-het-kort">' not in main  # the box is not a section of the contents


def test_without_verdict_cells_the_page_has_no_box():
    nb = _notebook()
    nb.cells[2].metadata["tags"] = []
    page = export.export_notebook(nb, scope_type="regio", scope="Parkstad", phase_title="Q3",
                                  example_data=False, day=dt.date(2026, 12, 1))
    assert "rpa-verdict" not in page.split("</style>")[1]


def test_every_report_notebook_has_a_verdict_cell():
    from analysis import config

    for path in sorted(config.NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if export.VERDICT_TAG in c.metadata.get("tags", [])]
        assert tagged, f"{path.name}: geen cel met het label verdict"
        # the verdict is composed by the analysis' text module (text.py or text_<part>.py), never in the notebook
        assert all(c.cell_type == "code" and re.search(r"Markdown\(text(_\w+)?\.", c.source) for c in tagged), path.name
