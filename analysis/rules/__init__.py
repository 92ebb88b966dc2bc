"""The agreement's rules, each in one place.

Every report and every table that counts something the agreement defines draws on these
modules; no analysis re-derives a rule. Policy *figures* (targets, years, windows, thresholds)
stay in ``data/raw/reference/`` and reach the code through :mod:`analysis.reference`; these
modules hold the *mechanism* that applies them.

- :mod:`analysis.rules.scopes`: the vocabulary of scope types, the region and the phases;
  checking a scope, filtering a frame to a scope, and region = sum of its parts.
- :mod:`analysis.rules.plans`: which plans count toward which target (segment, developer,
  project type, plan status) and which mutation codes are inponding, sales, demolition.
- :mod:`analysis.rules.efg`: the EFG definition (afspraak 11 and the NPA annex), its
  exemptions (monuments, demolition within the window) and what counts as phased out.
"""
