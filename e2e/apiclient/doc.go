// Package apiclient is the Go client of Policyflow's API as an integrator
// would make it: oapi-codegen (pinned in tools/oapi-codegen) generates
// client.gen.go from the served OpenAPI document (make apiclient, run by
// make test); the file is not kept in git. e2e/apiclient_test.go (build
// tag apiclient) drives a policy through it against a real server.
package apiclient

// The generated client's runtime, imported here so that go.mod keeps it
// in a fresh clone, before client.gen.go exists.
import _ "github.com/oapi-codegen/runtime"
