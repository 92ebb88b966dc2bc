"""Where the population figures come from, in the Dutch words the report uses (no other dependency).

Kept apart from :mod:`analysis.ageing.text` so that :mod:`analysis.ageing.inputs` can describe the
source it read without importing the report's text (which knows the result).
"""

from __future__ import annotations


def describe_population_bands(base_year: int) -> str:
    """Where the population comes from when the shipped 10-year age profile is used."""
    return (f"bevolking naar 10-jaarsleeftijdsklasse, peildatum niet vermeld (circa {base_year}); "
            "65+ en 75+ geschat door de klassen 60-69 en 70-79 te halveren (aanname)")


def describe_population_cbs(table_id: str, retrieved: str, year: int) -> str:
    """Where the population comes from when a fetched CBS table is used."""
    return f"CBS StatLine-tabel {table_id}, opgehaald op {retrieved} (peildatum 1 januari {year})"
