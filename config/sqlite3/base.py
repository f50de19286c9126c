"""Django's SQLite backend, with writers that queue for the database instead of polling it.

SQLite lets one transaction write at a time. A writer that finds the database taken waits in
SQLite's busy handler, which sleeps and tries again (after 1, 2, 5, 10… ms, up to the
``timeout``): while it sleeps, the database may have been free for most of that time. Two
gunicorn workers voting at once lost more to those sleeps than a second worker gave (measured:
two processes wrote less than one alone).

Here every write transaction (``transaction.atomic``: ``BEGIN IMMEDIATE``) first takes an
exclusive ``flock`` on a file beside the database (``<name>-writers``) and lets it go when it
commits or rolls back: the kernel wakes the next writer the moment the previous one is done,
without sleeping. It only orders our own writers: SQLite's lock still decides who writes, so
that a writer that does not take the file (a single statement outside a transaction, the
``sqlite3`` shell, a process without this backend) is waited for as before, through the busy
handler and its ``timeout``. The kernel releases the file of a process that dies; an in-memory
database has no file and no lock.
"""

import fcntl
import os

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
            fcntl.flock(self._writers, fcntl.LOCK_EX)  # waits in the kernel, woken at release
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

    def _release_writers(self):
        if self._writing:
            self._writing = False
            fcntl.flock(self._writers, fcntl.LOCK_UN)

    def _forget_writers(self):
        self._release_writers()
        if self._writers is not None:
            os.close(self._writers)
            self._writers = None
