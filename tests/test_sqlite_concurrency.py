"""Two requests that save at the same moment on SQLite (`make run` serves requests in threads): the second waits for
the first instead of failing with "database is locked", which the admin showed as a server error."""

import threading
import time

from django.db import connections, transaction

from cdhr_cms.settings.base import SQLITE_OPTIONS


def save_at_once(monkeypatch, tmp_path, options):
    """Two threads each read a row and then write it, inside a transaction, overlapping. Returns their errors."""
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "race.sqlite3"), "OPTIONS": options}
    # A database of its own beside the tests' one, on a file, as `make run` has it (Django fills in the defaults).
    configured = connections.configure_settings({"default": database, "race": database})["race"]
    monkeypatch.setitem(connections.settings, "race", configured)
    with connections["race"].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (value integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    connections["race"].close()
    start, both_read, errors = threading.Barrier(2, timeout=5), threading.Barrier(2, timeout=5), []

    def save():
        try:
            start.wait()
            with transaction.atomic(using="race"), connections["race"].cursor() as cursor:
                cursor.execute("SELECT value FROM counter")
                (value,) = cursor.fetchone()
                if options.get("transaction_mode") != "IMMEDIATE":
                    # As two requests reading the page before saving it (an immediate transaction would wait here
                    # for the other's to end, which is the point).
                    both_read.wait()
                time.sleep(0.1)
                cursor.execute("UPDATE counter SET value = %s", [value + 1])
        except Exception as error:  # noqa: BLE001 - what a request would have answered with
            errors.append(error)
        finally:
            connections["race"].close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connections["race"].cursor() as cursor:
        cursor.execute("SELECT value FROM counter")
        value = cursor.fetchone()[0]
    connections["race"].close()
    del connections["race"]  # this thread's connection object, made with these options
    return errors, value


def test_two_saves_at_once_both_land(monkeypatch, tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        errors, value = save_at_once(monkeypatch, tmp_path, SQLITE_OPTIONS)
    assert errors == [] and value == 2


def test_without_those_options_one_of_them_failed(monkeypatch, tmp_path, django_db_blocker):
    """The check above can fail: SQLite's default transactions refuse the second writer at once."""
    with django_db_blocker.unblock():
        errors, value = save_at_once(monkeypatch, tmp_path, {"timeout": 20})
    assert [str(error) for error in errors] == ["database is locked"] and value == 1
