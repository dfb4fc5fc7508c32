package postgres

// MapErr maps the errors of the tests' own SQL (helpers_test.go) to the
// kinds the store's methods return.
var MapErr = mapErr

// AuditAdmin writes an administrative change, as the store's methods do in
// their transactions.
var AuditAdmin = auditAdmin
