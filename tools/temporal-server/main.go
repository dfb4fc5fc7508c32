// Command temporal-server runs the real Temporal server (go.temporal.io/server)
// on PostgreSQL, for `make cluster`: frontend, history, matching and worker
// services in one process, with more than one history shard, persistence and
// visibility both in PostgreSQL. It lives in its own module so that the
// product's go.mod does not carry the server's dependencies.
//
//	temporal-server setup-schema -pg-host H -pg-port P -pg-user U [-pg-password W] [-db temporal] [-visibility-db temporal_visibility]
//	temporal-server start -pg-host H -pg-port P -pg-user U [-shards 4] [-port 7233] [-namespace default]
//	        [-tls-cert server.crt -tls-key server.key -tls-ca ca.crt [-tls-server-name temporal]]
//
// setup-schema creates both databases and applies the server's own embedded
// SQL schema for postgres12 (postgresql/v12/temporal and
// postgresql/v12/visibility) with the server's SQL tool, to the latest
// version. start runs the services until SIGINT or SIGTERM and registers the
// namespaces it is given once the frontend answers. With -tls-cert, -tls-key
// and -tls-ca every port speaks mutual TLS: a caller without a certificate
// of that CA is refused in the handshake (tls.go).
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "setup-schema":
		err = setupSchemaCmd(os.Args[2:])
	case "start":
		err = startCmd(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "temporal-server:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: temporal-server setup-schema|start [flags] (-h for the flags)")
	os.Exit(2)
}

// pgFlags are the PostgreSQL connection flags both commands take.
type pgFlags struct {
	host, user, password string
	port                 int
	db, visibilityDB     string
}

func (p *pgFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.host, "pg-host", "127.0.0.1", "PostgreSQL host")
	fs.IntVar(&p.port, "pg-port", 5432, "PostgreSQL port")
	fs.StringVar(&p.user, "pg-user", "postgres", "PostgreSQL user")
	fs.StringVar(&p.password, "pg-password", "", "PostgreSQL password")
	fs.StringVar(&p.db, "db", "temporal", "database for Temporal's persistence")
	fs.StringVar(&p.visibilityDB, "visibility-db", "temporal_visibility", "database for Temporal's visibility")
}
