# Policyflow's images, one target each, all from one Debian bookworm base:
#
#   policyflow  `policyflow server|worker|migrate|admin` (with Debian's pandoc for Word files)
#   postgres    Debian's PostgreSQL 15
#   temporal    the real Temporal server (tools/temporal-server) and its schema tool
#   proxy       Debian's nginx, terminating TLS in front of the servers
#
# BASE_IMAGE chooses the base: debian:bookworm-slim where a registry is
# reachable, or policyflow-base:bookworm made from Debian's packages by
# deploy/base.sh (debootstrap) where none is. The Go binaries are not
# compiled here: `make images` builds them on the host with its Go toolchain
# (CGO_ENABLED=0: static) into deploy/bin, from ./cmd/policyflow and
# tools/temporal-server, and the images copy them. So no image needs a Go
# image from a registry, and the same binaries run in and out of containers.
# Build with the host's network (compose's build.network: host): apt-get
# reaches Debian's mirror the way the host does. The stages that copy a
# binary come last: the classic builder (docker-compose 1.29) builds every
# stage up to its target.

ARG BASE_IMAGE=debian:bookworm-slim

FROM ${BASE_IMAGE} AS debian
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# ---- PostgreSQL 15 (Debian's package) ----
FROM debian AS postgres
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /run/postgresql
COPY deploy/postgres/entrypoint.sh /usr/local/bin/postgres-entrypoint
ENV PGDATA=/var/lib/postgresql/data PATH=/usr/lib/postgresql/15/bin:$PATH
USER postgres
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]

# ---- TLS-terminating reverse proxy (Debian's nginx) ----
FROM debian AS proxy
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* \
 && rm -f /etc/nginx/sites-enabled/default \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log
COPY deploy/proxy/nginx.conf /etc/nginx/nginx.conf
EXPOSE 8443
CMD ["nginx", "-g", "daemon off;"]

# ---- Temporal server (go.temporal.io/server, tools/temporal-server) ----
FROM debian AS temporal
RUN useradd --system --uid 65533 --home /nonexistent --shell /usr/sbin/nologin temporal
COPY deploy/bin/temporal-server /usr/local/bin/temporal-server
COPY deploy/temporal/start.sh /usr/local/bin/temporal-start
USER temporal
EXPOSE 7233
ENTRYPOINT ["/usr/local/bin/temporal-start"]

# ---- Policyflow (server, worker, migrate, admin) ----
# Debian rather than distroless: Word import and export (docx/) run pandoc;
# policyflow backup and restore run PostgreSQL's pg_dump and pg_restore.
FROM debian AS policyflow
RUN apt-get update \
 && apt-get install -y --no-install-recommends pandoc curl postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 65532 --home /nonexistent --shell /usr/sbin/nologin nonroot
# Built on the host from ./cmd/policyflow by `make images`.
COPY deploy/bin/policyflow /policyflow
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/policyflow"]
CMD ["server"]
