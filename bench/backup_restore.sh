#!/usr/bin/env bash
# `make backup-restore`: proves the backup procedure of README "Deploying" on a throwaway copy.
#   1. builds a demo site in a new PostgreSQL database, with its media files;
#   2. backs it up exactly as the README says: pg_dump (custom format) and a tarball of MEDIA_ROOT;
#   3. restores both into a second new database and an empty media folder;
#   4. checks the restored site: no migration missing, same pages/images/documents/users, every image file present,
#      the home page renders.
# Both databases are dropped at the end. PG_URL names the server (default: DATABASE_URL's server when that is
# PostgreSQL, else postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*) default_server=${DATABASE_URL%/*} ;;
  *) default_server=postgres://postgres@127.0.0.1:5432 ;;
esac
SERVER=${PG_URL:-$default_server}
STAMP=$(date +%s)_$$
SOURCE=cdhr_backup_src_$STAMP
RESTORED=cdhr_backup_restored_$STAMP
WORK=$(mktemp -d)
cleanup() {
  psql -q "$SERVER/postgres" -c "DROP DATABASE IF EXISTS $SOURCE WITH (FORCE)" -c "DROP DATABASE IF EXISTS $RESTORED WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The demo is built with development settings (production refuses demo content; test settings ignore MEDIA_ROOT).
manage() { # manage DATABASE MEDIA_ROOT SETTINGS ARGS…
  local db=$1 media=$2 settings=$3; shift 3
  DATABASE_URL="$SERVER/$db" MEDIA_ROOT="$media" DJANGO_SETTINGS_MODULE="cdhr_cms.settings.$settings" \
    DEBUG=false SECRET_KEY=backup-restore-only-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx ALLOWED_HOSTS=127.0.0.1 \
    "$PY" manage.py "$@"
}

COUNT='
from django.contrib.auth.models import User
from wagtail.models import Page
from wagtail.images import get_image_model
from wagtail.documents import get_document_model
images = get_image_model().objects.all()
documents = get_document_model().objects.all()
missing = [f.file.name for f in [*images, *documents] if not f.file.storage.exists(f.file.name)]
print(f"pages={Page.objects.count()} live={Page.objects.live().count()} images={images.count()} "
      f"documents={documents.count()} users={User.objects.count()} missing_files={len(missing)}")
'

echo "1. demo site in $SOURCE"
psql -q "$SERVER/postgres" -c "CREATE DATABASE $SOURCE" >/dev/null
mkdir -p "$WORK/media" "$WORK/restored-media"
manage "$SOURCE" "$WORK/media" dev migrate --noinput >/dev/null
manage "$SOURCE" "$WORK/media" dev setup_site --demo >/dev/null
before=$(manage "$SOURCE" "$WORK/media" production shell -c "$COUNT" | tail -n1)

echo "2. backup: pg_dump + media tarball"
pg_dump --format=custom --no-owner --file="$WORK/site.dump" "$SERVER/$SOURCE"
tar -czf "$WORK/media.tar.gz" -C "$WORK/media" .
ls -l "$WORK/site.dump" "$WORK/media.tar.gz" | awk '{print "   " $5 " bytes  " $NF}'

echo "3. restore into $RESTORED"
psql -q "$SERVER/postgres" -c "CREATE DATABASE $RESTORED" >/dev/null
pg_restore --no-owner --exit-on-error --dbname="$SERVER/$RESTORED" "$WORK/site.dump"
tar -xzf "$WORK/media.tar.gz" -C "$WORK/restored-media"

echo "4. checks on the restored copy"
manage "$RESTORED" "$WORK/restored-media" production migrate --check >/dev/null
echo "   migrate --check: no migration missing"
after=$(manage "$RESTORED" "$WORK/restored-media" production shell -c "$COUNT" | tail -n1)
echo "   source:   $before"
echo "   restored: $after"
[ "$before" = "$after" ] || { echo "restored copy differs from the source" >&2; exit 1; }
case "$after" in *missing_files=0*) ;; *) echo "media files missing after restore" >&2; exit 1 ;; esac
export STATIC_ROOT=$WORK/static  # production settings render with fingerprinted static files
manage "$RESTORED" "$WORK/restored-media" production collectstatic --noinput --verbosity 0
status=$(manage "$RESTORED" "$WORK/restored-media" production shell -c '
from django.test import Client
print(Client().get("/ca/", secure=True, HTTP_HOST="127.0.0.1").status_code)' | tail -n1)
echo "   home page /ca/ on the restored copy: HTTP $status"
[ "$status" = 200 ]
echo "backup and restore: OK"
