package policies_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// The JDIH status as the list and the feed show it: a repeal by an enacted
// product wins over everything; an amendment shows even when the legal unit
// saved "Berlaku" before it was enacted, but not over a status they chose
// otherwise.
func TestJDIHEffectiveStatus(t *testing.T) {
	for _, c := range []struct {
		name                      string
		edited, amended, repealed bool
		saved, want, feed         string
	}{
		{"untouched", false, false, false, "", "Berlaku", "Berlaku"},
		{"amended", false, true, false, "", "Diubah", "Berlaku"},
		{"saved Berlaku, then amended", true, true, false, "Berlaku", "Diubah", "Berlaku"},
		{"saved Tidak Berlaku, amended", true, true, false, "Tidak Berlaku", "Tidak Berlaku", "Tidak Berlaku"},
		{"saved Berlaku", true, false, false, "Berlaku", "Berlaku", "Berlaku"},
		{"repealed whatever was saved", true, true, true, "Berlaku", "Dicabut", "Tidak Berlaku"},
	} {
		m := policies.JDIHMetadata{Edited: c.edited, Amended: c.amended, Repealed: c.repealed, LegalStage: policies.LegalInForce}
		m.Status = c.saved
		if got := m.EffectiveStatus(); got != c.want {
			t.Errorf("%s: status %q, want %q", c.name, got, c.want)
		}
		if got := m.FeedStatus(); got != c.feed {
			t.Errorf("%s: feed status %q, want %q", c.name, got, c.feed)
		}
	}
	err := policies.JDIHInput{Subjek: "X", BidangHukum: "X", Bahasa: "Indonesia", Lokasi: "X", Status: "Berlaku"}.Validate()
	var pe *policies.Error
	if !errors.As(err, &pe) || pe.Field != "teu_badan" || !strings.Contains(pe.Message, "T.E.U. badan") {
		t.Errorf("a missing T.E.U. badan: %v", err)
	}
}
