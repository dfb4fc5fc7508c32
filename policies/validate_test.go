package policies

import "testing"

// checkFieldError fails unless err is a KindInvalid *Error on field.
func checkFieldError(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("err = %v (%T), want *Error on %q", err, err, field)
	}
	if e.Kind != KindInvalid || e.Field != field || e.Message == "" {
		t.Errorf("err = %+v, want KindInvalid on field %q with a message", e, field)
	}
}

// A person's input is trimmed, their NIP loses its spaces, and each bad
// field is refused by name (moved from postgres' TestPersonValidationAndScope:
// the store no longer checks them).
func TestPersonInputValidate(t *testing.T) {
	bad := []struct {
		name  string
		in    PersonInput
		field string
	}{
		{"short NIP", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleStakeholder, NIP: "12345"}, "nip"},
		{"NIP birth month 13", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleStakeholder, NIP: "198513122010011001"}, "nip"},
		{"not an email", PersonInput{Email: "bukan-email", Name: "A", Role: RoleStakeholder}, "email"},
		{"no name", PersonInput{Email: "a@b.go.id", Name: "", Role: RoleStakeholder}, "name"},
		{"unknown role", PersonInput{Email: "a@b.go.id", Name: "A", Role: "raja"}, "role"},
		{"drafter without a unit", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleDrafter}, "unit"},
		{"unit code not a code", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleDrafter, Unit: "Tidak Ada!"}, "unit"},
		{"NUL in the title", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleLeader, Title: "a\x00"}, "title"},
		{"title too long", PersonInput{Email: "a@b.go.id", Name: "A", Role: RoleLeader, Title: string(make([]rune, 201))}, "title"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			checkFieldError(t, c.in.Validate(true), c.field)
		})
	}

	in := PersonInput{Email: " siti@sawahlunto.go.id ", Name: " Siti Rahma ", Role: RoleDrafter, Unit: " bkpsdm ", NIP: "19850312 201001 2 002"}
	if err := in.Validate(true); err != nil {
		t.Fatal(err)
	}
	if got, want := in, (PersonInput{Email: "siti@sawahlunto.go.id", Name: "Siti Rahma", Role: RoleDrafter, Unit: "bkpsdm", NIP: "198503122010012002"}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	// An update keeps the email: none is needed.
	up := PersonInput{Name: "Kabid Baru", Role: RoleLeader}
	if err := up.Validate(false); err != nil {
		t.Errorf("update without an email: %v", err)
	}
}

// A region needs a slug in URL form, a name and a known zone; no zone is
// WIB (moved from postgres' TestCreateRegion).
func TestNewRegionValidate(t *testing.T) {
	bad := []struct {
		name  string
		in    NewRegion
		field string
	}{
		{"slug with capitals", NewRegion{Slug: "Kota Baru!", Name: "Kota"}, "slug"},
		{"unknown zone", NewRegion{Slug: "kota-lain", Name: "Kota", Zone: "CET"}, "zone"},
		{"no name", NewRegion{Slug: "kota-lain", Name: " "}, "name"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			checkFieldError(t, c.in.Validate(), c.field)
		})
	}
	in := NewRegion{Slug: " kota-baru ", Name: "Kota Baru"}
	if err := in.Validate(); err != nil || in.Slug != "kota-baru" || in.Zone != ZoneWIB {
		t.Errorf("got %+v, %v; want kota-baru in WIB", in, err)
	}
}
