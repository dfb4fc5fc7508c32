#!/bin/sh
# The Temporal server (tools/temporal-server) in a container: its services
# bind and announce this container's address on the compose network, on
# PostgreSQL (the postgres service). /tmp/ready appears once the frontend
# serves the namespaces (the server prints its ready line): the healthcheck.
set -eu
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
rm -f /tmp/ready /tmp/out
mkfifo /tmp/out
(
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case $line in "temporal-server: ready"*) : >/tmp/ready ;; esac
	done </tmp/out
) &
ip=$(hostname -i | cut -d' ' -f1)
# Mutual TLS on every port when the files are given (TEMPORAL_TLS_*: the
# server's certificate, valid for serverAuth and clientAuth, its key, and
# the CA every caller's certificate must come from).
set --
if [ -n "${TEMPORAL_TLS_CERT:-}" ]; then
	set -- -tls-cert "$TEMPORAL_TLS_CERT" -tls-key "$TEMPORAL_TLS_KEY" -tls-ca "$TEMPORAL_TLS_CA" \
		-tls-server-name "${TEMPORAL_TLS_SERVER_NAME:-temporal}"
fi
exec temporal-server start "$@" -ip "$ip" -port 7233 \
	-pg-host "${POSTGRES_HOST:-postgres}" -pg-port "${POSTGRES_PORT:-5432}" \
	-pg-user "${POSTGRES_USER:-policyflow}" -pg-password "$POSTGRES_PASSWORD" \
	-shards "${TEMPORAL_SHARDS:-4}" -namespace "${TEMPORAL_NAMESPACE:-default}" \
	-log-level "${TEMPORAL_LOG_LEVEL:-warn}" >/tmp/out 2>&1
