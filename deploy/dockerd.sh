#!/bin/sh
# Starts Debian's Docker engine when none answers (as root), the way these
# machines run it: no iptables, no default bridge. Compose's own networks
# (all internal but the proxy's) still work. The engine keeps running
# afterwards for the next check; its log is /var/log/policyflow-dockerd.log.
set -eu
if docker info >/dev/null 2>&1; then
	exit 0
fi
command -v dockerd >/dev/null || {
	echo "dockerd not found: apt-get install -y docker.io (Debian's Docker engine)" >&2
	exit 1
}
[ "$(id -u)" = 0 ] || { echo "no Docker engine answers and only root can start one" >&2; exit 1; }
nohup dockerd --iptables=false --ip-masq=false --bridge=none >/var/log/policyflow-dockerd.log 2>&1 &
echo "dockerd started (pid $!), log /var/log/policyflow-dockerd.log"
# Wait for its socket to answer (no fixed sleep: poll until it does, 60 s at most).
i=0
until docker info >/dev/null 2>&1; do
	i=$((i + 1))
	if [ $i -gt 600 ]; then
		echo "dockerd did not answer within 60 s; see /var/log/policyflow-dockerd.log" >&2
		exit 1
	fi
	sleep 0.1
done
