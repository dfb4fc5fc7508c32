#!/bin/sh
# Makes the base image every Dockerfile here builds FROM when no container
# registry is reachable: Debian bookworm from Debian's own packages
# (debootstrap --variant=minbase), imported with `docker import`. Built once
# and reused by its tag; `docker rmi policyflow-base:bookworm` to rebuild.
# Where a registry is reachable, skip this and build with
# BASE_IMAGE=debian:bookworm-slim instead (README, "Install").
set -eu
tag=${1:-policyflow-base:bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
if docker image inspect "$tag" >/dev/null 2>&1; then
	echo "base image $tag: present"
	exit 0
fi
command -v debootstrap >/dev/null || {
	echo "debootstrap not found: apt-get install -y debootstrap" >&2
	exit 1
}
root=$(mktemp -d /tmp/policyflow-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
start=$(date +%s)
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
	tail -20 "$root.log" >&2
	exit 1
}
rm -f "$root.log"
# The security and update suites, as in Debian's own images, and no apt
# caches in the layer.
cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*
tar -C "$root" -c . | docker import -c 'CMD ["/bin/bash"]' - "$tag" >/dev/null
echo "base image $tag: built from debootstrap in $(( $(date +%s) - start )) s"
