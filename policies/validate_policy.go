package policies

// MaxSearchQuery is the most bytes a full-text search may have.
const MaxSearchQuery = 200

// Validate checks a list's filter: the query's length and every status
// named.
func (f SearchFilter) Validate() error {
	if len(f.Query) > MaxSearchQuery {
		return FieldError("q", "pencarian maksimal 200 karakter")
	}
	if f.Status != "" && !f.Status.Valid() {
		return FieldError("status", "status %q tidak dikenal", f.Status)
	}
	for _, st := range f.Statuses {
		if !st.Valid() {
			return FieldError("status", "status %q tidak dikenal", st)
		}
	}
	return nil
}
