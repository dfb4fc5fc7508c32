package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// A person's own data (UU 27/2022, docs/PRIVACY.md): the page shows
// everything the record keeps about the signed-in person, readable, and
// gives it as a JSON file (Pasal 7 and 13); from it they ask to be erased
// (Pasal 8), which their region's administrator decides (privacy_admin.go).
// No route names a person: each reads the viewer's own data only.

// privacyPages lists the person's pages and the administrator's.
func privacyPages() []pageRoute {
	return append([]pageRoute{
		{"GET", "/privacy", signedIn, (*Server).handlePrivacy},
		{"GET", "/privacy/data.json", signedIn, (*Server).handlePrivacyJSON},
		{"POST", "/privacy/erasure", signedIn, formWrite(erasureRequestFromForm, (*Server).requestErasure, savedAt[policies.ErasureRequest]("/privacy"))},
	}, privacyAdminPages()...)
}

// privacyAPIRoutes are the API twins.
func privacyAPIRoutes() []apiRoute {
	return append([]apiRoute{
		{"GET", "/me/data", "Semua data pribadi saya yang disimpan (UU 27/2022 Pasal 7 dan 13): akun, komentar dan jawabannya, notifikasi, riwayat masuk, sesi, token", signedIn, apiRead((*Server).myData), nil},
		{"POST", "/me/erasure", "Minta data pribadi saya dihapus (UU 27/2022 Pasal 8); administrator wilayah memutuskan", signedIn, apiWrite(http.StatusCreated, (*Server).requestErasure), policies.ErasureRequestInput{}},
	}, privacyAdminAPIRoutes()...)
}

// myData is everything kept about the viewer.
func (s *Server) myData(r *http.Request) (policies.PersonalData, error) {
	d, err := s.store.PersonalData(r.Context(), viewerOf(r).User.ID)
	d.Retention = s.retention.All()
	return d, err
}

// requestErasure records the viewer's request to be erased.
func (s *Server) requestErasure(r *http.Request, in policies.ErasureRequestInput) (policies.ErasureRequest, error) {
	if err := in.Validate(); err != nil {
		return policies.ErasureRequest{}, err
	}
	return s.store.RequestErasure(r.Context(), viewerOf(r).User.ID, in)
}

func erasureRequestFromForm(r *http.Request) (policies.ErasureRequestInput, error) {
	return policies.ErasureRequestInput{Reason: r.PostFormValue("reason")}, nil
}

func (s *Server) handlePrivacy(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	d, err := s.myData(r)
	if err != nil {
		return err
	}
	open := false
	for _, e := range d.Erasures {
		open = open || e.DecidedAt == nil
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, lang, http.StatusOK, "privacy", map[string]any{"Title": messages[lang]["privacy_title"], "D": d,
		"OpenRequest": open, "Saved": r.URL.Query().Get("saved") != ""})
	return nil
}

// handlePrivacyJSON gives the viewer's data as a file to keep.
func (s *Server) handlePrivacyJSON(w http.ResponseWriter, r *http.Request) error {
	d, err := s.myData(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="data-pribadi-%s.json"`, d.ExportedAt.Format("20060102")))
	writeJSON(w, http.StatusOK, d)
	return nil
}

// retentionFromForm reads the region's retention form: a days_<kind> field
// per regional kind (empty: the default).
func retentionFromForm(r *http.Request) (policies.RetentionInput, error) {
	in := policies.RetentionInput{Days: map[policies.RetentionKind]int{}}
	for _, d := range policies.DefaultRetention {
		if !d.Regional {
			continue
		}
		n, err := formInt(r, "days_"+string(d.Kind))
		if err != nil {
			return in, policies.FieldError(string(d.Kind), "harus bilangan bulat")
		}
		in.Days[d.Kind] = n
	}
	return in, nil
}

// erasureFromForm reads the administrator's decision on a person.
func erasureFromForm(r *http.Request) (policies.ErasureInput, error) {
	in := policies.ErasureInput{Confirm: r.PostFormValue("confirm") != "", Decline: r.PostFormValue("decline") != "",
		Note: strings.TrimSpace(r.PostFormValue("note"))}
	if v := strings.TrimSpace(r.PostFormValue("person")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return in, &policies.Error{Kind: policies.KindInvalid, Field: "person", Key: "privacy_err_person", Message: "pilih orang yang datanya dihapus"}
		}
		in.Person = id
	}
	return in, nil
}

// csvAuthor is who a comment is from in the consultation report's CSV: an
// online commenter is "Peserta" unless the region's drafter asked for the
// names (UU 27/2022 Pasal 16 ayat (2): no more personal data than the
// purpose needs); offline input names its source, an institution.
func csvAuthor(c policies.AnsweredComment, names bool, lang string) string {
	switch {
	case c.Offline == nil && !names:
		return messages[lang]["ans_csv_participant"]
	case policies.IsErasedAuthor(c.AuthorName):
		return messages[lang]["privacy_erased_author"]
	}
	return c.AuthorName
}

func init() {
	pageNames = append(pageNames, "privacy", "admin_privacy")
}
