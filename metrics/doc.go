// Package metrics is Policyflow's HTTP metrics on Prometheus: the request
// counter and latency histogram by route pattern, method and status, the
// registry a /metrics endpoint serves, and who may read it (a bearer token,
// else loopback and, on a listener of its own, private peers).
package metrics
