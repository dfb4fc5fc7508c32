package server

import (
	"net/http"
	"strings"
)

// A page and its API twin do the same work through one function that
// reads the request and returns a result (or why not); the page and the
// JSON answer are two thin renderings of it, made by the adapters here:
//
//	{"POST", "/admin/units", regionAdmins, formWrite(unitFromForm, (*Server).createUnit, savedAt[policies.UnitRecord]("/admin/units"))}
//	{"POST", "/admin/units", "Tambah unit (OPD)", regionAdmins, apiWrite(http.StatusCreated, (*Server).createUnit), policies.UnitInput{}}
//
// The shared function validates its input (the domain's Validate) and
// checks the viewer's region and unit, so both twins refuse alike.

// apiRead answers what read returns, as JSON.
func apiRead[Out any](read func(*Server, *http.Request) (Out, error)) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		out, err := read(s, r)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
}

// apiWrite decodes the JSON body into In, does the write and answers its
// result with status.
func apiWrite[In, Out any](status int, do func(*Server, *http.Request, In) (Out, error)) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		var in In
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		out, err := do(s, r, in)
		if err != nil {
			return err
		}
		writeJSON(w, status, out)
		return nil
	}
}

// formWrite reads the form with parse, does the write and sends the
// browser on to the page next names for its result (303, so a reload does
// not post again).
func formWrite[In, Out any](parse func(*http.Request) (In, error), do func(*Server, *http.Request, In) (Out, error), next func(Out) string) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		in, err := parse(r)
		if err != nil {
			return err
		}
		out, err := do(s, r, in)
		if err != nil {
			return err
		}
		http.Redirect(w, r, next(out), http.StatusSeeOther)
		return nil
	}
}

// savedAt is the page a saved change goes back to, saying it was saved
// (the administration pages' "saved=1").
func savedAt[Out any](page string) func(Out) string {
	return func(Out) string { return savedURL(page) }
}

// savedURL is page with saved=1 in its query.
func savedURL(page string) string {
	if strings.Contains(page, "?") {
		return page + "&saved=1"
	}
	return page + "?saved=1"
}

// apiDo does a write that takes no body and answers its result.
func apiDo[Out any](do func(*Server, *http.Request, struct{}) (Out, error)) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		out, err := do(s, r, struct{}{})
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
}

// noForm is the form of a POST that carries nothing but its CSRF token.
func noForm(*http.Request) (struct{}, error) { return struct{}{}, nil }

// apiDoStatus is apiDo answering with status (202 for a write whose effect
// is sent on, such as a password link).
func apiDoStatus[Out any](status int, do func(*Server, *http.Request, struct{}) (Out, error)) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		out, err := do(s, r, struct{}{})
		if err != nil {
			return err
		}
		writeJSON(w, status, out)
		return nil
	}
}

// requestKey is what makes a retried write the same request: the API's
// Idempotency-Key header, or the request_id a page's form carries.
func requestKey(r *http.Request) string {
	if isAPI(r) {
		return r.Header.Get("Idempotency-Key")
	}
	return r.PostFormValue("request_id")
}

// A write on something the URL names (a policy, a round) may look it up,
// checking the viewer's region and unit, before it reads the body: a
// request the viewer may not make is then refused as such, whatever its
// body holds. find is that lookup; do gets what it found:
//
//	{"POST", "/policies/{id}/evaluations/{round}/skm", ..., apiWriteOn(http.StatusOK, (*Server).policyRound, (*Server).recordSKM), skmInput{}}

// apiWriteOn is apiWrite with find before the body is decoded.
func apiWriteOn[T, In, Out any](status int, find func(*Server, *http.Request) (T, error), do func(*Server, *http.Request, T, In) (Out, error)) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		t, err := find(s, r)
		if err != nil {
			return err
		}
		var in In
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		out, err := do(s, r, t, in)
		if err != nil {
			return err
		}
		writeJSON(w, status, out)
		return nil
	}
}

// formSaysOn is formWrite with find before the form is read, for a page
// that goes on to say what was done in the reader's words: next is given
// the reader's language and the input as well as the result.
func formSaysOn[T, In, Out any](find func(*Server, *http.Request) (T, error), parse func(*http.Request) (In, error),
	do func(*Server, *http.Request, T, In) (Out, error), next func(lang string, in In, out Out) string) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		t, err := find(s, r)
		if err != nil {
			return err
		}
		in, err := parse(r)
		if err != nil {
			return err
		}
		out, err := do(s, r, t, in)
		if err != nil {
			return err
		}
		http.Redirect(w, r, next(language(w, r), in, out), http.StatusSeeOther)
		return nil
	}
}

// formSays is formSaysOn with nothing to find first.
func formSays[In, Out any](parse func(*http.Request) (In, error), do func(*Server, *http.Request, In) (Out, error), next func(lang string, in In, out Out) string) handler {
	return formSaysOn(nothing, parse, func(s *Server, r *http.Request, _ struct{}, in In) (Out, error) { return do(s, r, in) }, next)
}

// nothing is the lookup of a write that needs none first.
func nothing(*Server, *http.Request) (struct{}, error) { return struct{}{}, nil }
