package server

import "net/http/httptest"

// BodyLimit is the most a request body may hold on a path (limitBody), for the tests.
func BodyLimit(method, path string) int64 {
	return bodyLimit(httptest.NewRequest(method, path, nil))
}
