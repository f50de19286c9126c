"""gunicorn's settings for one Causerie app server, the same for the systemd units
(causerie-web@.service) and make serve. The address comes from the command line:
``gunicorn --config config/deploy/gunicorn.conf.py --bind 127.0.0.1:8101``.

Signals (to the master, whose pid systemd knows as $MAINPID):
- HUP: reload without downtime: new workers start with the code and settings on disk, then the
  old ones finish their requests and stop (``systemctl reload causerie-web@8101``);
- TERM: graceful stop: no new connection, requests in progress finish (up to graceful_timeout);
- a worker sent TERM finishes its request, then the master starts another.
"""

import os

wsgi_app = "config.wsgi"
# Sync workers, one request at a time each, behind nginx (which buffers slow clients). Two per
# app server on a two-core machine with two app servers; about one per core per app server
# elsewhere (GUNICORN_WORKERS).
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = 30  # a worker stuck this long is killed and replaced (nginx waits 35 s)
graceful_timeout = 25  # what TERM and HUP give requests in progress to finish
# Workers are replaced now and then (at a random count each, so not all at once): memory that a
# long-lived process slowly gathers goes with them.
max_requests = 2000
max_requests_jitter = 200
# nginx logs every request (JSON) and the app logs one line per request with the same id:
# gunicorn's access log would be a third copy. Its own messages go to stderr (the journal).
accesslog = None
errorlog = "-"
loglevel = "info"
# X-Forwarded-* are read by Django (DJANGO_TRUSTED_PROXY_COUNT, DJANGO_SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = "127.0.0.1"
# gunicorn 25+'s control socket (gunicornc) has one default path per user, which two app servers
# would share; signals do the same work (see above).
control_socket_disable = True
