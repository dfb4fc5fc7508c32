package postgres

// MapErr maps the errors of the tests' own SQL (helpers_test.go) to the
// kinds the store's methods return.
var MapErr = mapErr

// AuditAdmin writes an administrative change, as the store's methods do in
// their transactions.
var AuditAdmin = auditAdmin

// PendingVersions are the numbers of the migrations numbered versions that
// Migrate applies to a database that has done.
func PendingVersions(versions, done []int) []int {
	var ms []migration
	for _, v := range versions {
		ms = append(ms, migration{version: v})
	}
	var out []int
	for _, m := range pending(ms, done) {
		out = append(out, m.version)
	}
	return out
}
