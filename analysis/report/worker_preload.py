"""Imported by multiprocessing's fork server before it forks ``rpa report``'s workers.

See :func:`analysis.report.runner_kernels.start_early`: the server imports the worker
machinery once, and each worker forked from it starts with it imported. This module never fails:
if anything goes wrong here, the workers import the machinery themselves (the fork server would
otherwise stop, and with it the run).
"""

import gc

gc.disable()  # no collections of the growing heap while importing (the worker freezes it later)
try:
    from analysis.report.runner_kernels import import_machinery, kernel_mode

    if kernel_mode() == "inprocess":
        import_machinery(inprocess=True)
except Exception:  # noqa: BLE001, S110 - the worker imports it again and then says what is wrong
    pass
finally:
    gc.enable()
