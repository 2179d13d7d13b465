"""Helpers for the concurrency tests: threads released together, each on its own connection."""

import datetime as dt
import threading

from participants.nik import make_nik


def race(count: int, work) -> list:
    """Run work(i) in `count` threads released together; return each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        from django.db import connections

        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def person(i: int) -> dict:
    return {
        "full_name": f"Peserta Serentak {chr(65 + i % 26)}",
        "nik": make_nik(
            region_code="15.09.01", sex="L", birth_date=dt.date(1980, 1, 1), serial=i + 1
        ),
        "phone": f"0812{i:08d}",
    }
