package server

// SignedInPages are the patterns of the GET pages only a signed-in person
// reaches (the table's routes with roles).
func SignedInPages() []string {
	var out []string
	for _, rt := range pageRoutes() {
		if rt.Method == "GET" && rt.Roles != nil {
			out = append(out, rt.Path)
		}
	}
	return out
}
