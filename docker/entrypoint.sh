#!/bin/sh
# Runs the given command, or one of the named tasks, inside the image.
#   migrate  apply database migrations (docker-compose runs it once before the app starts)
#   anything else is run as it is (gunicorn by default)
set -eu
case "${1:-}" in
  migrate)
    exec python manage.py migrate --noinput
    ;;
  *)
    exec "$@"
    ;;
esac
