#!/bin/sh
# Debian's PostgreSQL 15 in a container: on first start (an empty data
# volume) creates the cluster with POSTGRES_USER as its superuser, password
# POSTGRES_PASSWORD (required), and the database POSTGRES_DB; then runs the
# server in the foreground. Connections from the compose network need the
# password (scram-sha-256); the container's own socket is trusted.
set -eu
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
user=${POSTGRES_USER:-policyflow}
db=${POSTGRES_DB:-policyflow}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
	pwfile=$(mktemp)
	printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
	initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -A scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >/dev/null
	rm -f "$pwfile"
	cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '*'
unix_socket_directories = '/run/postgresql'
max_connections = 200
CONF
	echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
	pg_ctl -D "$PGDATA" -w -o "-c listen_addresses=''" start >/dev/null
	createdb -h /run/postgresql -U "$user" "$db"
	pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
	echo "postgres: created the cluster, superuser $user, database $db"
fi
exec postgres -D "$PGDATA"
