"""Django's PostgreSQL backend, whose persistent connections are checked at most once a second.

With ``CONN_HEALTH_CHECKS``, Django asks a kept connection ``SELECT 1`` before the first query
of every request, so that a connection the server dropped (a restart, a failover) is opened
again instead of failing the request. Under load that is one round trip in every request: a
third of an anonymous page's, one in thirteen of a vote's. Here a connection that passed the
check less than ``CHECK_EVERY`` seconds ago is not checked again: a busy process checks each
connection once a second, an idle one at every request as before. A server that goes away
within that second fails the requests of that second that use the connection; Django closes
a connection whose request had a database error, and the next request opens a new one.
"""

import time

from django.db.backends.postgresql import base

CHECK_EVERY = 1.0  # seconds


class DatabaseWrapper(base.DatabaseWrapper):
    _checked_until = 0.0

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and time.monotonic() < self._checked_until
        ):
            self.health_check_done = True  # checked less than a second ago
            return
        super().close_if_health_check_failed()
        if self.connection is not None and self.health_check_done:
            self._checked_until = time.monotonic() + CHECK_EVERY

    def close(self):
        self._checked_until = 0.0
        super().close()
