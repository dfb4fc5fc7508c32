# syntax=docker/dockerfile:1

# ---- build stage ----
FROM golang:1.26 AS build
WORKDIR /src

# Download modules first so this layer is cached until go.mod/go.sum change.
COPY go.mod go.sum ./
RUN go mod download

COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/policyflow ./cmd/policyflow

# ---- runtime stage ----
# Debian slim rather than distroless: Word import and export (docx/) run
# Debian's pandoc.
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends pandoc ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 65532 --home /nonexistent --shell /usr/sbin/nologin nonroot
COPY --from=build /out/policyflow /policyflow
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/policyflow"]
CMD ["server"]
