"""Analysesuite voor de Regionale Prestatieafspraken Parkstad Limburg 2024-2028.

The package holds every computation of the suite; the notebooks in ``notebooks/`` only call
into it and tell the story in Dutch. Modules:

- :mod:`analysis.config`      paths (repository root, data folders, outputs)
- :mod:`analysis.errors`      :class:`Problem` and :class:`ValidationFailed`, shared by every boundary
- :mod:`analysis.reference`   the sourced reference tables in ``data/raw/reference/``
- :mod:`analysis.price_classes` net rent -> the agreement's price classes
- :mod:`analysis.formatting`  Dutch number and euro formatting
- :mod:`analysis.style`       one figure theme, fixed colours per municipality and corporation
- :mod:`analysis.schemas`     the delivery workbooks: sheets, columns, codes (the data contract)
- :mod:`analysis.deliveries`  reading and validating deliveries; :mod:`analysis.templates`;
  :mod:`analysis.example_data`; :mod:`analysis.cbs`
- :mod:`analysis.processed`   loading validated (processed) data for the analyses
- :mod:`analysis.portfolio`   analysis 1 (agreements 1, 2, 3, 6, 7, 8)
- :mod:`analysis.ageing`      analysis 2 (agreement 4)
- :mod:`analysis.energy_labels` analysis 3 (agreement 11)
- :mod:`analysis.finance`     analysis 4 (agreement 16)
- :mod:`analysis.monitoring`  the interim report's overview (chapter 3)
- :mod:`analysis.report`      the batch runner behind ``rpa report``
"""

__version__ = "0.1.0"
