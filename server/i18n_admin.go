package server

// catalogueAdmin holds the strings of the administration pages (people,
// units, stakeholder groups, approval chains, acting officials, region
// settings), Indonesian first, then English, as in catalogue.
var catalogueAdmin = map[string][2]string{}
