"""The interim report's overview (bestuurlijke tussenrapportage, chapter 3 of the agreement).

The monitor is *composed*: it counts nothing itself. For the Q3 report of delivery year ``Y``
it takes

- the realised and planned figure of every dwelling target from the portfolio analysis
  (:func:`analysis.portfolio.compute_targets_vs_plans`, the plan-counting rule of
  :mod:`analysis.rules.plans`) and the share of middenhuur/betaalbare koop from
  :func:`analysis.portfolio.compute_programme_share`;
- EFG now, at the end of the deadline year and exempt from the energy analysis
  (:func:`analysis.energy_labels.compute_efg_headline`, the EFG rule of :mod:`analysis.rules.efg`),
  with the energy analysis' own verdict;
- inponding per year from :func:`analysis.portfolio.compute_inponding` and
  :func:`analysis.portfolio.summarise_inponding` (afspraak 8: "zo'n 100 per jaar");
- the VoorzieningenWijzer (afspraak 22) and the prognosis accuracy, which only the monitor shows;

and adds the one thing that is its own: the status *op koers / aandacht / achter* of every
quantified agreement (rule: ``monitoring_status_rules.csv``, ``docs/assumptions/monitoring.md``).

Layout: :mod:`.inputs` (all reading), :mod:`.measures` (composition), :mod:`.status` (the status
rule), :mod:`.funding`, :mod:`.voorzieningenwijzer`, :mod:`.accuracy`, :mod:`.analyse`
(``analyse(inputs, params)``), :mod:`.text` (Dutch sentences and display tables),
:mod:`.figures`.
"""

from analysis.monitoring.accuracy import compute_prognosis_accuracy, summarise_prognosis_accuracy
from analysis.monitoring.analyse import MonitorParams, MonitorResult, analyse
from analysis.monitoring.figures import plot_against_target, plot_prognosis_accuracy, plot_status
from analysis.monitoring.funding import (
    FUNDING_LABELS,
    format_portfolio_list,
    portfolio_by_corporation,
    summarise_portfolio_funding,
)
from analysis.monitoring.inputs import (
    MonitorInputs,
    check_parameters,
    load_inputs,
    load_status_rules,
)
from analysis.monitoring.measures import compute_measures
from analysis.monitoring.status import (
    STATUSES,
    classify_outcome,
    classify_status,
    compute_agreement_monitor,
    select_monitored_targets,
    summarise_status,
)
from analysis.monitoring.voorzieningenwijzer import compute_voorzieningenwijzer
from analysis.rules.plans import MUTATION_LABELS

__all__ = [
    "FUNDING_LABELS", "MUTATION_LABELS", "STATUSES", "MonitorInputs", "MonitorParams", "MonitorResult", "analyse",
    "check_parameters", "classify_outcome", "classify_status", "compute_agreement_monitor", "compute_measures",
    "compute_prognosis_accuracy", "compute_voorzieningenwijzer", "format_portfolio_list", "load_inputs",
    "load_status_rules", "plot_against_target", "plot_prognosis_accuracy", "plot_status", "portfolio_by_corporation",
    "select_monitored_targets", "summarise_portfolio_funding", "summarise_prognosis_accuracy", "summarise_status",
]
