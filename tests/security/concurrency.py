"""Real parallel transactions for the race tests: each call runs in its own thread with its own
database connection, released together by a barrier. Data they commit is really committed, so
the tests clean up after themselves."""

import threading

from django.db import connections


def race(*calls, timeout: float = 300.0) -> list:
    """Start ``calls`` at the same moment; their results (or the exception each raised)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # reported to the test, which asserts there is none
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a racing call did not finish"
    return results
