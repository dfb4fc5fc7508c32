package policies

import "testing"

// Who an ID token names: a verified email, or the NIP claim as a string.
func TestSSOClaimValue(t *testing.T) {
	for _, tc := range []struct {
		name   string
		claims map[string]any
		claim  string
		value  string
		reason string
	}{
		{"verified email", map[string]any{"email": "a@kota.go.id", "email_verified": true}, "email", "a@kota.go.id", ""},
		{"unverified email", map[string]any{"email": "a@kota.go.id", "email_verified": false}, "email", "", SSORefusedUnverified},
		{"verified as a string", map[string]any{"email": "a@kota.go.id", "email_verified": "true"}, "email", "", SSORefusedUnverified},
		{"no verification said", map[string]any{"email": "a@kota.go.id"}, "email", "", SSORefusedUnverified},
		{"no email", map[string]any{"email_verified": true}, "email", "", SSORefusedNoClaim},
		{"NIP", map[string]any{"nip": " 198503122010011002 "}, "nip", "198503122010011002", ""},
		{"NIP as a number (digits lost)", map[string]any{"nip": 198503122010011002.0}, "nip", "", SSORefusedNoClaim},
		{"no NIP", map[string]any{"email": "a@kota.go.id", "email_verified": true}, "nip", "", SSORefusedNoClaim},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, reason := SSOClaimValue(tc.claims, tc.claim)
			if v != tc.value || reason != tc.reason {
				t.Errorf("got %q %q, want %q %q", v, reason, tc.value, tc.reason)
			}
		})
	}
}

// The administrator's input: each bad value names its field.
func TestSSOInputValidate(t *testing.T) {
	ok := SSOInput{Issuer: " https://sso.kota.go.id/realms/asn ", ClientID: "policyflow"}
	if err := ok.Validate(); err != nil || ok.Claim != SSOClaimEmail || ok.Issuer != "https://sso.kota.go.id/realms/asn" {
		t.Errorf("valid input: %v, %+v", err, ok)
	}
	for _, tc := range []struct {
		in    SSOInput
		field string
	}{
		{SSOInput{Issuer: "", ClientID: "x"}, "issuer"},
		{SSOInput{Issuer: "http://sso.kota.go.id", ClientID: "x"}, "issuer"},
		{SSOInput{Issuer: "https://sso.kota.go.id/?x=1", ClientID: "x"}, "issuer"},
		{SSOInput{Issuer: "https://u:p@sso.kota.go.id", ClientID: "x"}, "issuer"},
		{SSOInput{Issuer: "sso.kota.go.id", ClientID: "x"}, "issuer"},
		{SSOInput{Issuer: "https://sso.kota.go.id", ClientID: ""}, "client_id"},
		{SSOInput{Issuer: "https://sso.kota.go.id", ClientID: "a\nb"}, "client_id"},
		{SSOInput{Issuer: "https://sso.kota.go.id", ClientID: "x", ClientSecret: "a\x00b"}, "client_secret"},
		{SSOInput{Issuer: "https://sso.kota.go.id", ClientID: "x", Claim: "_"}, "claim"},
		{SSOInput{Issuer: "https://sso.kota.go.id", ClientID: "x", Claim: "nip pegawai"}, "claim"},
	} {
		err := tc.in.Validate()
		if e, isErr := err.(*Error); !isErr || e.Field != tc.field {
			t.Errorf("%+v: %v, want an error naming %s", tc.in, err, tc.field)
		}
	}
	loop := SSOInput{Issuer: "http://127.0.0.1:9000", ClientID: "x"}
	if err := loop.Validate(); err != nil {
		t.Errorf("http on loopback (development): %v", err)
	}
}
