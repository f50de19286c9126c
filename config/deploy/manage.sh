#!/bin/sh
# manage.py as the app servers run it: as the user causerie, in /srv/causerie, with the
# environment of /etc/causerie/causerie.env. Run it as root, for example on each deploy:
#     /srv/causerie/config/deploy/manage.sh migrate
#     /srv/causerie/config/deploy/manage.sh createsuperuser
set -eu
root=${CAUSERIE_ROOT:-/srv/causerie}
env_file=${CAUSERIE_ENV_FILE:-/etc/causerie/causerie.env}
user=${CAUSERIE_USER:-causerie}
cd "$root"
exec runuser -u "$user" -- sh -c 'set -a; . "$0"; set +a; exec .venv/bin/python manage.py "$@"' \
    "$env_file" "$@"
