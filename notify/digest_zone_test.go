package notify_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The digest goes out at the digest hour in each reader's region's zone:
// a reader in a WIT region gets it at 07.05 WIT, two hours before a reader
// in a WIB region, who gets theirs at 07.05 WIB.
func TestDigestAtTheHourOfEachRegionsZone(t *testing.T) {
	f := newFixture(t)
	ms := startMailServer(t)
	x := f.db.SQL()
	var east, eastUnit int64
	must(t, x.QueryRowx(`INSERT INTO regions (slug, name, time_zone) VALUES ('kota-timur', 'Kota Timur', 'WIT') RETURNING id`).Scan(&east))
	must(t, x.QueryRowx(`INSERT INTO units (region_id, code, name) VALUES ($1, 'bkpsdm', 'BKPSDM Timur') RETURNING id`, east).Scan(&eastUnit))
	_, westEmail := f.user(t, "Rina", "digest", f.plainUnit)
	eastID, eastEmail := f.user(t, "Yohanes", "digest", eastUnit)
	var westID int64
	must(t, x.Get(&westID, `SELECT id FROM users WHERE email = $1`, westEmail))
	f.notify(t, policies.Notification{DedupKey: "west", UserID: westID, Kind: "approval_request", Subject: "Barat"})
	f.notify(t, policies.Notification{DedupKey: "east", UserID: eastID, Kind: "approval_request", Subject: "Timur"})
	wib := nextDigestTime() // 07.05 WIB
	wit := wib.Add(-2 * time.Hour)
	x.MustExec(`UPDATE notifications SET created_at = $1`, wib.Add(-20*time.Hour))

	d := deliverer(f, mailTo(t, ms))
	clk := &clock{t: wit.Add(-10 * time.Minute)}
	d.Now = clk.Now
	ctx := t.Context()
	to := func() []string {
		var out []string
		for _, m := range ms.messages() {
			out = append(out, m.To)
		}
		return out
	}
	for _, step := range []struct {
		label string
		at    time.Time
		want  []string
	}{
		{"06.55 WIT", wit.Add(-10 * time.Minute), nil},
		{"07.05 WIT (05.05 WIB)", wit, []string{eastEmail}},
		{"06.55 WIB", wib.Add(-10 * time.Minute), []string{eastEmail}},
		{"07.05 WIB", wib, []string{eastEmail, westEmail}},
	} {
		clk.Add(step.at.Sub(clk.Now()))
		if _, err := d.DeliverOnce(ctx); err != nil {
			t.Fatalf("%s: %v", step.label, err)
		}
		if got := to(); len(got) != len(step.want) || (len(got) > 0 && (got[0] != step.want[0] || got[len(got)-1] != step.want[len(step.want)-1])) {
			t.Errorf("%s: digests sent to %v, want %v", step.label, got, step.want)
		}
	}
}
