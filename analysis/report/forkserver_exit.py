"""Imported by multiprocessing's fork server only: when the run is over, it leaves at once.

The fork server (:func:`analysis.report.runner_kernels.start_early`) has imported pandas,
matplotlib, the Jupyter machinery and ``analysis`` for the workers it forks. When the runner's
process ends, the server sees its pipe close and ends with ``SystemExit``; Python would then
take every one of those modules apart again (about 0,45 s), while the server still holds the
run's standard output and error. Whoever reads them (a pipe, ``make report | tee``, CI, the
benchmark) waits for that. The server has nothing to flush or to clean up (its socket is an
abstract one, its children are gone), so it leaves with ``os._exit`` as soon as it starts to end.

Only the fork server imports this module (its preload list); the workers it forks and the
reports they fork leave through ``os._exit`` themselves and never run exit handlers.
"""

import atexit
import os

atexit.register(os._exit, 0)  # the last registered runs first: before Python's own teardown
