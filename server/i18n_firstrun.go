package server

// catalogueFirstRun holds the strings of the unit-officer warnings and the
// first-run pages, Indonesian first, then English, as in catalogue.
var catalogueFirstRun = map[string][2]string{}
