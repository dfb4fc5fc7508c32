package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// A consultation may show its invited stakeholders' comments at once: the
// invited akademisi's comment is open and read by everyone the moment it is
// posted, the page offers the form without the moderation notice; a
// stakeholder it did not invite, and the public, still wait for moderation.
func TestConsultationShowsInvitedStakeholdersAtOnce(t *testing.T) {
	a := newApp(t)
	c := http.DefaultClient
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	apiPol := fmt.Sprintf("/api/v1/policies/%d", id)
	drafter, akademisi, praktisi := a.token("penyusun.sawahlunto@policyflow.test"), a.token("akademisi.sawahlunto@policyflow.test"), a.token("praktisi.sawahlunto@policyflow.test")
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true,
		"show_invited_at_once": true, "invite_user_ids": []int64{a.st.UserID(t, "akademisi.sawahlunto@policyflow.test")}}
	if res, out := a.api(c, drafter, "POST", apiPol+"/actions/open_consultation", open, ""); res.StatusCode != 200 {
		t.Fatalf("open consultation: %d %s", res.StatusCode, out)
	}
	var stored bool
	a.st.DB.SQL().Get(&stored, `SELECT show_invited_at_once FROM consultations WHERE policy_id = $1`, id)
	if !stored {
		t.Fatal("the consultation does not keep show_invited_at_once")
	}
	_, pg := a.get(a.login("akademisi.sawahlunto@policyflow.test"), fmt.Sprintf("/policies/%d", id))
	if !strings.Contains(pg, `id="comment-form"`) || strings.Contains(pg, `id="comment-held"`) {
		t.Errorf("the invited akademisi's page: want the comment form without the moderation notice")
	}
	post := func(token string, body map[string]any) policies.Comment {
		t.Helper()
		res, out := a.api(c, token, "POST", apiPol+"/comments", body, "")
		if res.StatusCode != 201 {
			t.Fatalf("comment %v: %d %s", body["body"], res.StatusCode, out)
		}
		var cm policies.Comment
		json.Unmarshal([]byte(out), &cm)
		return cm
	}
	invited := post(akademisi, map[string]any{"section": "", "body": "Kajian anggaran perlu ditambahkan."})
	uninvited := post(praktisi, map[string]any{"section": "", "body": "Praktisi tanpa undangan berpendapat."})
	public := post("", map[string]any{"section": "", "body": "Warga berpendapat.", "name": "Warga Kota", "email": "warga@contoh.test"})
	for _, w := range []struct {
		who  string
		got  policies.Comment
		want policies.CommentStatus
	}{{"the invited akademisi", invited, policies.CommentOpen}, {"a praktisi not invited", uninvited, policies.CommentPendingModeration},
		{"the public", public, policies.CommentPendingModeration}} {
		if w.got.Status != w.want {
			t.Errorf("%s's comment: %q, want %q", w.who, w.got.Status, w.want)
		}
	}
	if _, out := a.api(c, "", "GET", apiPol+"/comments", nil, ""); !strings.Contains(out, "Kajian anggaran") || strings.Contains(out, "Warga berpendapat") {
		t.Errorf("signed out, the comments: want the invited akademisi's at once and not the public's awaiting moderation: %.400s", out)
	}
}
