"""Django's SQLite backend, with writers that queue for the database instead of polling it.

SQLite lets one transaction write at a time. A writer that finds the database taken waits in
SQLite's busy handler, which sleeps and tries again (after 1, 2, 5, 10… ms, up to the
``timeout``): while it sleeps, the database may have been free for most of that time. Two
gunicorn workers voting at once lost more to those sleeps than a second worker gave (measured:
two processes wrote less than one alone).

Here every write transaction (``transaction.atomic``: ``BEGIN IMMEDIATE``) first takes an
exclusive ``flock`` on a file beside the database (``<name>-writers``) and lets it go when it
commits or rolls back; a writer that finds it taken tries again after a tenth of a
millisecond, then a little longer each time, never more than a millisecond (not SQLite's 100),
and gives up with "database is locked" after SQLite's ``timeout``, as SQLite does: a
transaction that never ends (a shell left in ``atomic()``) stops the others for that long,
not for ever. It only orders our own writers: SQLite's lock still decides who writes, so
that a writer that does not take the file (a single statement outside a transaction, the
``sqlite3`` shell, a process without this backend) is waited for as before, through the busy
handler and its ``timeout``. The kernel releases the file of a process that dies; an in-memory
database has no file and no lock.
"""

import fcntl
import os
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _writers: int | None = None  # the lock file's descriptor, once the connection is open
    _writing = False  # whether this connection holds it

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self._forget_writers()
        if not self.is_in_memory_db():
            try:
                # Read-only is enough for flock, and works whoever made the file.
                self._writers = os.open(
                    f"{self.settings_dict['NAME']}-writers", os.O_RDONLY | os.O_CREAT, 0o644
                )
            except OSError:
                self._writers = None  # then SQLite's busy handler alone, as without this file
        return connection

    def _start_transaction_under_autocommit(self):
        if self._writers is not None and not self._writing:
            self._take_writers()
            self._writing = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writers()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writers()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writers()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._forget_writers()

    def _take_writers(self):
        """The lock file, waited for as long as SQLite's ``timeout`` (then "database is locked",
        as SQLite itself says when its own wait runs out): tried again after a tenth of a
        millisecond, then a little longer each time up to a millisecond (Linux's flock has no
        timed wait; SQLite's busy handler sleeps up to 100 ms at a time)."""
        deadline = time.monotonic() + self.settings_dict["OPTIONS"].get("timeout", 5)
        pause = 0.0001
        while True:
            try:
                fcntl.flock(self._writers, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OperationalError("database is locked") from None
            time.sleep(pause)
            pause = min(pause * 2, 0.001)

    def _release_writers(self):
        if self._writing:
            self._writing = False
            fcntl.flock(self._writers, fcntl.LOCK_UN)

    def _forget_writers(self):
        self._release_writers()
        if self._writers is not None:
            os.close(self._writers)
            self._writers = None
