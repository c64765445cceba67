"""What every benchmark uses; bench/run puts it in front of each benchmark
(`cat bench/common.py bench/bench_x.py | odoo-bin shell ...`)."""
# A benchmark prints its figures.
# pylint: disable=print-used
import time


def measure(env, func):
    """(result, seconds, queries) of func(), from a cold cache, flushed."""
    env.flush_all()
    env.invalidate_all()
    q0, t0 = env.cr.sql_log_count, time.perf_counter()
    result = func()
    env.flush_all()
    return result, time.perf_counter() - t0, env.cr.sql_log_count - q0
