"""The batch runner behind ``rpa report``: configuration, execution, HTML export, index, manifest.

- :mod:`analysis.report.config`  reports/*.yml -> validated list of jobs
- :mod:`analysis.report.runner`  ``rpa report`` (parallel papermill runs, atomic publication)
- :mod:`analysis.report.export`  executed notebook -> offline Dutch HTML page
- :mod:`analysis.report.index`   the set's index.html
"""
