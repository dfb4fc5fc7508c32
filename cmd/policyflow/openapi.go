package main

import (
	"io"

	"github.com/policyflow/policyflow/server"
)

// runOpenAPI prints the OpenAPI document the server serves at
// /api/v1/openapi.json, for make openapi-lint.
func runOpenAPI(stdout io.Writer) error {
	b, err := server.OpenAPIDocument()
	if err != nil {
		return err
	}
	_, err = stdout.Write(append(b, '\n'))
	return err
}
