package server_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Stakeholders are not staff (issue 24): an akademisi of the city reads
// nothing of a draft they were not invited to (the draft, its attachment
// and its history are 404, as if absent); invited to its consultation
// through a stakeholder group they read the consulted version and its
// attachment, never a version drafted since nor its attachment nor the
// audit log, and their comment waits for the drafter's moderation before
// anyone else reads it. A praktisi the consultation did not invite may not
// comment.
func TestStakeholderReadsWhatTheyWereInvitedTo(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	c := http.DefaultClient
	db := a.st.DB.SQL()
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	drafter, akademisi, praktisi := a.token("penyusun.sawahlunto@policyflow.test"), a.token("akademisi.sawahlunto@policyflow.test"), a.token("praktisi.sawahlunto@policyflow.test")
	page := a.login("akademisi.sawahlunto@policyflow.test")
	pol, apiPol := fmt.Sprintf("/policies/%d", id), fmt.Sprintf("/api/v1/policies/%d", id)
	att1 := a.attachmentRow(t, id, "naskah-v1")

	status := func(token, path string) int {
		t.Helper()
		res, _ := a.api(c, token, "GET", path, nil, "")
		return res.StatusCode
	}
	pageStatus := func(path string) int {
		t.Helper()
		res, _ := a.get(page, path)
		return res.StatusCode
	}
	// Not invited: the draft is not there for them.
	for path, want := range map[string]int{
		apiPol: 404, apiPol + "/versions/1": 404, apiPol + "/audit": 404, apiPol + "/attachments": 404,
		fmt.Sprintf("%s/attachments/%d", apiPol, att1): 404, apiPol + "/comments": 404,
	} {
		if got := status(akademisi, path); got != want {
			t.Errorf("akademisi, not invited, GET %s: %d, want %d", path, got, want)
		}
	}
	for _, path := range []string{pol, pol + "/history", fmt.Sprintf("%s/attachments/%d", pol, att1)} {
		if got := pageStatus(path); got != 404 {
			t.Errorf("akademisi, not invited, page %s: %d, want 404", path, got)
		}
	}
	if res, out := a.api(c, drafter, "GET", apiPol+"/audit", nil, ""); res.StatusCode != 200 {
		t.Fatalf("the drafter reads the audit log: %d %s", res.StatusCode, out)
	}

	// Invited through an academics' group.
	var regionID int64
	db.Get(&regionID, `SELECT region_id FROM policies WHERE id = $1`, id)
	g, err := a.st.DB.CreateStakeholderGroup(ctx, regionID, a.st.UserID(t, "admin.sawahlunto@policyflow.test"),
		policies.GroupInput{Name: "Akademisi Universitas", Kind: policies.GroupAcademics, MemberIDs: []int64{a.st.UserID(t, "akademisi.sawahlunto@policyflow.test")}})
	if err != nil {
		t.Fatal(err)
	}
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "group_ids": []int64{g.ID}}
	if res, out := a.api(c, drafter, "POST", apiPol+"/actions/open_consultation", open, ""); res.StatusCode != 200 {
		t.Fatalf("open consultation: %d %s", res.StatusCode, out)
	}
	// The drafter works on: version 2, with an attachment of its own.
	cur, err := a.st.DB.CurrentVersion(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if res, out := a.api(c, drafter, "POST", apiPol+"/versions", map[string]any{"base_version": cur.Number,
		"markdown": cur.Markdown + "\nTambahan draf internal.\n", "change_summary": "draf setelah konsultasi dibuka"}, ""); res.StatusCode != 201 {
		t.Fatalf("version 2: %d %s", res.StatusCode, out)
	}
	res, out := a.api(c, drafter, "POST", apiPol+"/attachments", map[string]string{"name": "draf-v2.pdf", "kind": "notulen",
		"content_base64": base64.StdEncoding.EncodeToString(pdfFile("draf-v2"))}, "")
	if res.StatusCode != 201 {
		t.Fatalf("attachment of version 2: %d %s", res.StatusCode, out)
	}
	var att2 policies.Attachment
	json.Unmarshal([]byte(out), &att2)
	v2 := fmt.Sprintf("/versions/%d", cur.Number+1)
	for path, want := range map[string]int{
		apiPol: 200, apiPol + fmt.Sprintf("/versions/%d", cur.Number): 200, fmt.Sprintf("%s/attachments/%d", apiPol, att1): 200,
		apiPol + v2: 404, fmt.Sprintf("%s/attachments/%d", apiPol, att2.ID): 404, apiPol + "/audit": 403,
	} {
		if got := status(akademisi, path); got != want {
			t.Errorf("akademisi, invited, GET %s: %d, want %d", path, got, want)
		}
	}
	if got := pageStatus(fmt.Sprintf("%s/attachments/%d", pol, att2.ID)); got != 404 {
		t.Errorf("akademisi, invited, page of version 2's attachment: %d, want 404", got)
	}
	if got := pageStatus(pol + "/history"); got != 403 {
		t.Errorf("akademisi, invited, history page: %d, want 403", got)
	}
	if got := status(drafter, fmt.Sprintf("%s/attachments/%d", apiPol, att2.ID)); got != 200 {
		t.Errorf("the drafter reads version 2's attachment: %d", got)
	}
	_, list := a.api(c, akademisi, "GET", apiPol+"/attachments", nil, "")
	if !strings.Contains(list, "naskah-v1.pdf") || strings.Contains(list, "draf-v2.pdf") {
		t.Errorf("akademisi's attachment list: %s, want version 1's only", list)
	}
	_, pg := a.get(page, pol)
	if strings.Contains(pg, "Tambahan draf internal") || strings.Contains(pg, "draf-v2.pdf") {
		t.Errorf("the policy page shows the akademisi the internal draft or its attachment")
	}
	if !strings.Contains(pg, `id="comment-form"`) || !strings.Contains(pg, `id="comment-held"`) {
		t.Errorf("the policy page does not offer the invited akademisi the comment form saying it waits for moderation")
	}

	// Their comment is held until the drafter approves it.
	const body = "Mohon kajian dampak anggaran ditambahkan."
	res, out = a.api(c, akademisi, "POST", apiPol+"/comments", map[string]any{"section": "", "body": body}, "")
	if res.StatusCode != 201 {
		t.Fatalf("invited akademisi comments: %d %s", res.StatusCode, out)
	}
	var cm policies.Comment
	json.Unmarshal([]byte(out), &cm)
	if cm.Status != policies.CommentPendingModeration {
		t.Errorf("the akademisi's comment: status %q, want %q", cm.Status, policies.CommentPendingModeration)
	}
	if _, out := a.api(c, praktisi, "GET", apiPol+"/comments", nil, ""); strings.Contains(out, body) {
		t.Errorf("a comment awaiting moderation is shown to another stakeholder")
	}
	if res, out := a.api(c, praktisi, "POST", apiPol+"/comments", map[string]any{"section": "", "body": "Saya tidak diundang."}, ""); res.StatusCode != 403 {
		t.Errorf("a praktisi not invited comments: %d %s, want 403", res.StatusCode, out)
	}
	if res, out := a.api(c, drafter, "POST", fmt.Sprintf("/api/v1/comments/%d/moderate", cm.ID), map[string]string{"decision": "approve"}, ""); res.StatusCode != 200 {
		t.Fatalf("the drafter approves: %d %s", res.StatusCode, out)
	}
	if _, out := a.api(c, praktisi, "GET", apiPol+"/comments", nil, ""); !strings.Contains(out, body) {
		t.Errorf("the approved comment is not shown: %s", out)
	}
}
