package postgres

// MapErr maps the errors of the tests' own SQL (helpers_test.go) to the
// kinds the store's methods return.
var MapErr = mapErr
