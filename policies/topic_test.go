package policies_test

import (
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// A topic's slug is made from its name: lower-case ASCII letters and digits
// joined by single hyphens, accents dropped.
func TestTopicSlug(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Pengembangan Kompetensi", "pengembangan-kompetensi"},
		{"  Pelayanan   Publik ", "pelayanan-publik"},
		{"Kesehatan & K3 (2026)", "kesehatan-k3-2026"},
		{"Pendidikan — Pelatihan", "pendidikan-pelatihan"},
		{"Café Éducation", "cafe-education"},
		{"%", ""},
	} {
		if got := policies.TopicSlug(tc.name); got != tc.want {
			t.Errorf("TopicSlug(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	in := policies.PolicyTopics{Topics: []string{"a", " a ", "", "b"}}
	if err := in.Validate(); err != nil || len(in.Topics) != 2 {
		t.Errorf("repeated topics: %v, %v; want a and b", in.Topics, err)
	}
}
