package server

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/policyflow/policyflow/policies"
)

// maxBody is the size limit of any request body: a 512 KB document in JSON fits.
const maxBody = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// decodeJSON reads a JSON body into v: it must be application/json, at most
// maxBody bytes, one object with known fields only.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeJSONUpTo(w, r, v, maxBody)
}

// decodeJSONUpTo is decodeJSON with another size limit (an attachment's).
func decodeJSONUpTo(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		return errUnsupportedMedia
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var ute *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return err
		case errors.As(err, &ute):
			return policies.FieldError(ute.Field, "jenis nilai salah untuk %s", ute.Field)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return policies.FieldError(f, "kolom %q tidak dikenal", f)
		}
		return &policies.Error{Kind: policies.KindBadRequest, Message: "JSON tidak sah: " + err.Error()}
	}
	if dec.More() {
		return &policies.Error{Kind: policies.KindBadRequest, Message: "JSON tidak sah: lebih dari satu nilai"}
	}
	if f := nulField(reflect.ValueOf(v), ""); f != "" {
		return policies.FieldError(f, "%s berisi karakter NUL", f)
	}
	return nil
}

// isText says whether PostgreSQL can store s as text: valid UTF-8 without NUL.
func isText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// nulField names (by its JSON name) the first string in v that holds a NUL,
// which JSON may carry (\u0000) but PostgreSQL text cannot; "" when none.
func nulField(v reflect.Value, name string) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nulField(v.Elem(), name)
		}
	case reflect.String:
		if strings.ContainsRune(v.String(), 0) {
			return name
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || n == "-" {
				continue
			}
			if n == "" {
				n = f.Name
			}
			if got := nulField(v.Field(i), n); got != "" {
				return got
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if got := nulField(v.Index(i), name); got != "" {
				return got
			}
		}
	}
	return ""
}

// readCSV reads a text/csv body of at most limit bytes; another
// Content-Type is refused (415).
func readCSV(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		return nil, policies.Errorf(kindUnsupportedMedia, "Content-Type harus text/csv")
	}
	return io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
}

// readAll reads a limited body for handlers that need raw bytes.
func readAll(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
}
