"""The standing social stock: the agreements that read the stock registers and the funded projects.

Four agreements that the deliveries allow to monitor and that are about the corporations'
existing social stock rather than new build (issue 14):

- afspraak 14: the 0-meting of how the social stock is spread (per municipality and wijk, price
  class and dwelling type), :mod:`.distribution`;
- NPA annex: the 30 % social-rent share per municipality against the CBS total stock, and the
  stock below the NPA's rent limit, :mod:`.share`;
- chapter 5: the duty of long-term affordability of the projects funded by the Woningbouwimpuls,
  Startbouwimpuls and Volkshuisvestingsfonds, and whether the promised dwellings come,
  :mod:`.obligations`;
- afspraak 7: sales to third parties as a signal for "complexgewijze verkoop eerst aan
  corporaties", :mod:`.sales`.

Its own package (not :mod:`analysis.portfolio`) because it reads other inputs (the stock
register, the CBS stock, ``affordability_obligations.csv``) through its own
:func:`load_inputs`. The monitor composes these tables (:mod:`analysis.monitoring.measures`);
the portfolio report shows them in its last section. Face: ``load_inputs`` -> ``analyse`` ->
:mod:`.text`.
"""

from analysis.social_stock.analyse import SocialStockResult, analyse
from analysis.social_stock.distribution import (
    classify_social_stock,
    compute_social_stock_distribution,
    summarise_social_stock,
)
from analysis.social_stock.inputs import (
    SocialStockInputs,
    load_inputs,
    load_obligations,
    load_total_stock,
)
from analysis.social_stock.obligations import (
    compute_affordability_obligations,
    link_projects,
    summarise_obligations,
)
from analysis.social_stock.sales import compute_third_party_sales, summarise_third_party_sales
from analysis.social_stock.share import compute_social_share

__all__ = [
    "SocialStockInputs", "SocialStockResult", "analyse", "classify_social_stock", "compute_affordability_obligations",
    "compute_social_share", "compute_social_stock_distribution", "compute_third_party_sales", "link_projects",
    "load_inputs", "load_obligations", "load_total_stock", "summarise_obligations", "summarise_social_stock",
    "summarise_third_party_sales",
]
