// Package cluster holds the test `make cluster` runs (build tag cluster, so
// `make test` does not compile it): the real Temporal server
// (tools/temporal-server, go.temporal.io/server) on PostgreSQL with four
// history shards, two `policyflow server` and two `policyflow worker`
// processes on one Policyflow database, 100 policies through their
// lifecycle over both servers while a worker and a server are SIGKILLed,
// then every acknowledged action counted in the record and every workflow's
// state read from the cluster. Its figures go into docs/RELIABILITY.md.
package cluster
