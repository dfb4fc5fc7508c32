package postgres_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

func resetNotice(p policies.LinkPurpose, _ string) policies.Notification {
	return policies.Notification{Kind: policies.NoticePasswordReset, Subject: "Atur ulang", Link: "/" + string(p) + "/x"}
}

func invitation(link string) policies.Notification {
	return policies.Notification{Kind: policies.NoticeInvitation, Subject: "Undangan Policyflow", Body: "Buat kata sandi Anda.", Link: link}
}

// latestAudit is the newest administrative change of the region.
func latestAudit(t *testing.T, db *postgres.DB, regionID int64) policies.AdminAuditRecord {
	t.Helper()
	rs, err := db.AdminAudit(t.Context(), regionID, 0, 1)
	if err != nil || len(rs) == 0 {
		t.Fatalf("audit of region %d: %v %v", regionID, rs, err)
	}
	return rs[0]
}

// An invited person has no password and one link, stored as a hash, that
// works once within 72 hours; the email is in the outbox; the invitation
// and the password set are audited without hash or token.
func TestInvitePersonAndSetPasswordOnce(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	db := f.db
	token := "undangan-rahasia"
	u, err := db.InvitePerson(ctx, f.users["admin"], f.regionID, validPerson(t, policies.PersonInput{
		Email: " siti@sawahlunto.go.id ", Name: "Siti Rahma", Role: policies.RoleDrafter, Unit: "bkpsdm", Title: "Analis SDM",
		NIP: "19850312 201001 2 002"}), hashOf(token), invitation("/invite/"+token))
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "siti@sawahlunto.go.id" || u.NIP != "198503122010012002" || u.UnitID == nil || *u.UnitID != f.units["bkpsdm"] || u.PasswordHash != "" {
		t.Fatalf("invited %+v", u)
	}
	var hash string
	var expires time.Time
	var stored string
	db.SQL().QueryRow(`SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash)
	db.SQL().QueryRow(`SELECT token_hash, expires_at FROM password_tokens WHERE user_id = $1`, u.ID).Scan(&stored, &expires)
	if hash != "" || stored != hashOf(token) {
		t.Fatalf("password_hash %q, token stored as %q", hash, stored)
	}
	if d := time.Until(expires); d < 71*time.Hour || d > 73*time.Hour {
		t.Errorf("invitation expires in %s, want 72 h", d)
	}
	var kind, link string
	if err := db.SQL().QueryRow(`SELECT kind, link FROM notifications WHERE user_id = $1`, u.ID).Scan(&kind, &link); err != nil || kind != "invitation" || link != "/invite/"+token {
		t.Fatalf("outbox: %q %q %v", kind, link, err)
	}
	a := latestAudit(t, db, f.regionID)
	if a.Action != "user.invited" || a.Subject != "user:"+itoa(u.ID) || a.Before != nil || a.Actor == nil {
		t.Fatalf("audit %+v", a)
	}
	var after map[string]any
	json.Unmarshal(a.After, &after)
	if after["email"] != "siti@sawahlunto.go.id" || after["nip"] != "198503122010012002" || after["has_password"] != false {
		t.Errorf("audit after = %s", a.After)
	}

	l, err := db.PasswordLink(ctx, hashOf(token))
	if err != nil || l.UserID != u.ID || l.Purpose != policies.LinkInvite || l.UsedAt != nil || l.Expired {
		t.Fatalf("link %+v %v", l, err)
	}
	if _, err := db.SetPassword(ctx, hashOf(token), "$2a$10$hash-of-a-password"); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetPassword(ctx, hashOf(token), "$2a$10$another")
	if !errors.Is(err, postgres.ErrLinkUsed) {
		t.Fatalf("second use: %v, want ErrLinkUsed", err)
	}
	db.SQL().QueryRow(`SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash)
	if hash != "$2a$10$hash-of-a-password" {
		t.Errorf("password_hash = %q after a second use", hash)
	}
	db.SQL().QueryRow(`SELECT link FROM notifications WHERE user_id = $1`, u.ID).Scan(&link)
	if strings.Contains(link, token) {
		t.Errorf("the inbox still shows the used link %q", link)
	}
	a = latestAudit(t, db, f.regionID)
	if a.Action != "user.password_set" || a.Actor == nil || *a.Actor != "Siti Rahma" || strings.Contains(string(a.After), "$2a$") {
		t.Errorf("audit %+v %s", a, a.After)
	}
	_, err = db.PasswordLink(ctx, hashOf("tidak-ada"))
	wantKind(t, err, policies.KindNotFound)
}

// An expired link sets nothing; a reset link lasts 2 hours and ends the
// person's sessions when used.
func TestPasswordLinkExpiryAndReset(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	db := f.db
	u, err := db.InvitePerson(ctx, f.users["admin"], f.regionID, policies.PersonInput{Email: "lama@sawahlunto.go.id", Name: "Lama",
		Role: policies.RoleStakeholder}, hashOf("lama"), invitation("/invite/lama"))
	if err != nil {
		t.Fatal(err)
	}
	db.SQL().MustExec(`UPDATE password_tokens SET created_at = now() - interval '73 hours', expires_at = now() - interval '1 hour' WHERE user_id = $1`, u.ID)
	if l, _ := db.PasswordLink(ctx, hashOf("lama")); !l.Expired {
		t.Errorf("link %+v is not expired", l)
	}
	if _, err := db.SetPassword(ctx, hashOf("lama"), "$2a$10$x"); !errors.Is(err, postgres.ErrLinkExpired) {
		t.Fatalf("expired link: %v", err)
	}
	// A new link for someone who never set a password is an invitation again.
	p, err := db.SendPasswordLink(ctx, f.users["admin"], f.regionID, u.ID, hashOf("lagi"), resetNotice)
	if err != nil || p != policies.LinkInvite {
		t.Fatalf("link for the invited: %v %v", p, err)
	}

	// A reset for someone with a password: 2 hours; using it ends their sessions.
	kabid := f.users["kabid"]
	if err := db.CreateSession(ctx, kabid, hashOf("sesi-kabid"), "csrf", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	p, err = db.SendPasswordLink(ctx, f.users["admin"], f.regionID, kabid, hashOf("reset-kabid"), resetNotice)
	if err != nil || p != policies.LinkReset {
		t.Fatalf("reset: %v %v", p, err)
	}
	if a := latestAudit(t, db, f.regionID); a.Action != "user.password_reset_requested" || a.Subject != "user:"+itoa(kabid) {
		t.Errorf("audit %+v", a)
	}
	l, _ := db.PasswordLink(ctx, hashOf("reset-kabid"))
	if d := time.Until(l.ExpiresAt); d < 119*time.Minute || d > 121*time.Minute {
		t.Errorf("reset link expires in %s, want 2 h", d)
	}
	if _, _, err := db.SessionUser(ctx, hashOf("sesi-kabid")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateAPIToken(ctx, kabid, "skrip", hashOf("token-kabid"), time.Now().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A second link ends the first: only the newest email works.
	if _, err := db.SendPasswordLink(ctx, f.users["admin"], f.regionID, kabid, hashOf("reset-kabid-2"), resetNotice); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPassword(ctx, hashOf("reset-kabid"), "$2a$10$lama"); !errors.Is(err, postgres.ErrLinkExpired) {
		t.Fatalf("the first link after a second was sent: %v, want expired", err)
	}
	if n := countRows(t, db, "notifications WHERE user_id = "+itoa(kabid)+" AND link = '/login'"); n != 1 {
		t.Errorf("%d notifications with the ended link blanked, want the first one", n)
	}
	if _, err := db.SetPassword(ctx, hashOf("reset-kabid-2"), "$2a$10$baru"); err != nil {
		t.Fatal(err)
	}
	_, _, err = db.SessionUser(ctx, hashOf("sesi-kabid"))
	wantKind(t, err, policies.KindNotFound)
	_, err = db.APITokenUser(ctx, hashOf("token-kabid"))
	if err == nil {
		t.Errorf("an API token still works after a password reset")
	}
}

// Deactivation ends the person's sessions, API tokens and unused links at
// once; reactivation lets them sign in again but revives none of those.
func TestDeactivateEndsSessionsAndTokens(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	db := f.db
	who := f.users["opd"]
	if err := db.CreateSession(ctx, who, hashOf("sesi"), "csrf", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateAPIToken(ctx, who, "skrip", hashOf("token"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SendPasswordLink(ctx, f.users["admin"], f.regionID, who, hashOf("tautan"), resetNotice); err != nil {
		t.Fatal(err)
	}
	u, err := db.DeactivatePerson(ctx, f.users["admin"], f.regionID, who)
	if err != nil || u.DeactivatedAt == nil {
		t.Fatalf("deactivate: %+v %v", u, err)
	}
	_, _, err = db.SessionUser(ctx, hashOf("sesi"))
	wantKind(t, err, policies.KindNotFound)
	_, err = db.APITokenUser(ctx, hashOf("token"))
	wantKind(t, err, policies.KindNotFound)
	if _, err := db.SetPassword(ctx, hashOf("tautan"), "$2a$10$x"); err == nil {
		t.Error("a deactivated person's link still sets a password")
	}
	if n := countRows(t, db, "sessions WHERE user_id = "+itoa(who)); n != 0 {
		t.Errorf("%d sessions left", n)
	}
	if ids, _ := db.UnitOfficers(ctx, f.units["disdukcapil"]); len(ids) != 0 {
		t.Errorf("a deactivated officer still gets the unit's reminders: %v", ids)
	}
	a := latestAudit(t, db, f.regionID)
	if a.Action != "user.deactivated" || !strings.Contains(string(a.Before), `"active": true`) || !strings.Contains(string(a.After), `"active": false`) {
		t.Errorf("audit %+v before %s after %s", a, a.Before, a.After)
	}
	// Again: no change, no second audit.
	if _, err := db.DeactivatePerson(ctx, f.users["admin"], f.regionID, who); err != nil {
		t.Fatal(err)
	}
	if b := latestAudit(t, db, f.regionID); b.ID != a.ID {
		t.Errorf("deactivating twice audited twice: %+v", b)
	}
	_, err = db.SendPasswordLink(ctx, f.users["admin"], f.regionID, who, hashOf("lagi"), resetNotice)
	wantKind(t, err, policies.KindConflict)

	u, err = db.ReactivatePerson(ctx, f.users["admin"], f.regionID, who)
	if err != nil || u.DeactivatedAt != nil {
		t.Fatalf("reactivate: %+v %v", u, err)
	}
	if a := latestAudit(t, db, f.regionID); a.Action != "user.reactivated" {
		t.Errorf("audit %+v", a)
	}
	_, err = db.APITokenUser(ctx, hashOf("token"))
	wantKind(t, err, policies.KindNotFound)
}

// A NIP is optional, one person per NIP in a region; a unit must be the
// region's; a refusal names the field and writes nothing. Another region's
// person is not found. (The fields themselves are PersonInput.Validate's:
// policies.TestPersonInputValidate.)
func TestPersonValidationAndScope(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	db := f.db
	users, notes, audits := countRows(t, db, "users"), countRows(t, db, "notifications"), countRows(t, db, "audit_log")
	bad := []struct {
		in    policies.PersonInput
		kind  policies.ErrorKind
		field string
	}{
		{policies.PersonInput{Email: "a@b.go.id", Name: "A", Role: policies.RoleDrafter, Unit: "tidak-ada"}, policies.KindInvalid, "unit"},
		{policies.PersonInput{Email: "PENYUSUN.sawahlunto@policyflow.test", Name: "A", Role: policies.RoleStakeholder}, policies.KindConflict, "email"},
	}
	for i, c := range bad {
		_, err := db.InvitePerson(ctx, f.users["admin"], f.regionID, c.in, hashOf("t"+itoa(int64(i))), invitation("/invite/x"))
		wantKind(t, err, c.kind)
		if fieldOf(err) != c.field {
			t.Errorf("%+v: field %q, want %q (%v)", c.in, fieldOf(err), c.field, err)
		}
	}
	nip := "199001012015031001"
	if _, err := db.InvitePerson(ctx, f.users["admin"], f.regionID, policies.PersonInput{Email: "satu@b.go.id", Name: "Satu", Role: policies.RoleStakeholder, NIP: nip}, hashOf("satu"), invitation("/invite/satu")); err != nil {
		t.Fatal(err)
	}
	_, err := db.InvitePerson(ctx, f.users["admin"], f.regionID, policies.PersonInput{Email: "dua@b.go.id", Name: "Dua", Role: policies.RoleStakeholder, NIP: nip}, hashOf("dua"), invitation("/invite/dua"))
	wantKind(t, err, policies.KindConflict)
	if fieldOf(err) != "nip" {
		t.Errorf("duplicate NIP: field %q", fieldOf(err))
	}
	other, err := db.RegionBySlug(ctx, "pangkalpinang")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.InvitePerson(ctx, 0, other.ID, policies.PersonInput{Email: "tiga@b.go.id", Name: "Tiga", Role: policies.RoleStakeholder, NIP: nip}, hashOf("tiga"), invitation("/invite/tiga")); err != nil {
		t.Errorf("the same NIP in another region: %v", err)
	}
	if got := countRows(t, db, "users"); got != users+2 {
		t.Errorf("users %d, want %d: a refusal wrote a person", got, users+2)
	}
	if got := countRows(t, db, "notifications"); got != notes+2 {
		t.Errorf("notifications %d, want %d", got, notes+2)
	}
	if got := countRows(t, db, "audit_log"); got != audits+2 {
		t.Errorf("audit rows %d, want %d", got, audits+2)
	}

	// Updates: the fields, with before and after; another region's person is not found.
	kabid := f.users["kabid"]
	u, err := db.UpdatePerson(ctx, f.users["admin"], f.regionID, kabid, policies.PersonInput{Name: "Kabid Baru", Role: policies.RoleLeader, Unit: "bkpsdm", Title: "Kepala Bidang", NIP: "198001012005011003"})
	if err != nil || u.Name != "Kabid Baru" || u.NIP != "198001012005011003" || u.PasswordHash != "" {
		t.Fatalf("update: %+v %v", u, err)
	}
	a := latestAudit(t, db, f.regionID)
	if a.Action != "user.updated" || !strings.Contains(string(a.After), "Kabid Baru") || strings.Contains(string(a.Before), "Kabid Baru") || strings.Contains(string(a.After), "$2a$") {
		t.Errorf("audit %+v before %s after %s", a, a.Before, a.After)
	}
	_, err = db.UpdatePerson(ctx, 0, other.ID, kabid, policies.PersonInput{Name: "X", Role: policies.RoleLeader})
	wantKind(t, err, policies.KindNotFound)
	_, err = db.DeactivatePerson(ctx, 0, other.ID, kabid)
	wantKind(t, err, policies.KindNotFound)
	_, err = db.Person(ctx, other.ID, kabid)
	wantKind(t, err, policies.KindNotFound)
	people, err := db.People(ctx, f.regionID)
	if err != nil || len(people) == 0 {
		t.Fatal(err)
	}
	for _, p := range people {
		if p.PasswordHash != "" || p.RegionID == nil || *p.RegionID != f.regionID {
			t.Errorf("listed %+v", p)
		}
	}
}

// A region is created once; its slug again is a conflict. (A bad slug or
// zone is NewRegion.Validate's: policies.TestNewRegionValidate.)
func TestCreateRegion(t *testing.T) {
	db := newDB(t)
	ctx := t.Context()
	r, err := db.CreateRegion(ctx, 0, "kota-baru", "Kota Baru", policies.ZoneWITA)
	if err != nil || r.TimeZone != policies.ZoneWITA || r.Slug != "kota-baru" {
		t.Fatalf("%+v %v", r, err)
	}
	_, err = db.CreateRegion(ctx, 0, "kota-baru", "Kota Baru Lagi", policies.ZoneWIB)
	wantKind(t, err, policies.KindConflict)
	if a := latestAudit(t, db, r.ID); a.Action != "region.created" || a.Actor != nil {
		t.Errorf("audit %+v", a)
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// validPerson is in as PersonInput.Validate leaves it for the store: every
// caller validates before it stores.
func validPerson(t *testing.T, in policies.PersonInput) policies.PersonInput {
	t.Helper()
	if err := in.Validate(true); err != nil {
		t.Fatal(err)
	}
	return in
}
