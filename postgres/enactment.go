package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

const enactmentColumns = `id, policy_id, region_id, version_id, version_number, sha256, form, number, year, title, place,
	enacted_on, effective_on, principal_id, principal_title, signer_id, signer_name, signer_title, capacity, acting_id,
	promulgated_on, gazette_number, gazette_year, promulgator_id, promulgator_name, promulgator_title, promulgator_prefix,
	recorded_by, created_at`

// Enactments lists a policy's enactments, newest first.
func (s *DB) Enactments(ctx context.Context, policyID int64) ([]policies.Enactment, error) {
	return policyRows[policies.Enactment](ctx, s, "enactments", `SELECT `+enactmentColumns+` FROM enactments WHERE policy_id = $1 ORDER BY id DESC`, policyID)
}

// EnactmentOfVersion is the enactment of one version; KindNotFound when none.
func (s *DB) EnactmentOfVersion(ctx context.Context, versionID int64) (policies.Enactment, error) {
	var e policies.Enactment
	if err := s.q.GetContext(ctx, &e, `SELECT `+enactmentColumns+` FROM enactments WHERE version_id = $1`, versionID); err != nil {
		return e, fmt.Errorf("postgres: version %d: enactment: %w", versionID, mapErr(err))
	}
	return e, nil
}

// enactable are the statuses in which the in-force version may be enacted:
// after the last approval, while it is implemented and evaluated.
var enactable = []policies.Status{policies.StatusApproved, policies.StatusImplementing, policies.StatusEvaluating}

// lockedPolicy is what enactment reads of the policy row it locks.
type lockedPolicy struct {
	Title          string          `db:"title"`
	Status         policies.Status `db:"status"`
	InForceVersion *int64          `db:"in_force_version_id"`
	RegionName     string          `db:"region_name"`
	TimeZone       policies.TimeZone
}

// lockPolicy locks the policy row of the region for the transaction:
// enactments and promulgations of one policy happen one at a time.
func lockPolicy(ctx context.Context, tx *sqlx.Tx, regionID, policyID int64) (lockedPolicy, error) {
	var p lockedPolicy
	err := tx.QueryRowxContext(ctx, `SELECT p.title, p.status, p.in_force_version_id, r.name, r.time_zone
		FROM policies p JOIN regions r ON r.id = p.region_id WHERE p.id = $1 AND p.region_id = $2 FOR UPDATE OF p`,
		policyID, regionID).Scan(&p.Title, &p.Status, &p.InForceVersion, &p.RegionName, &p.TimeZone)
	if err != nil {
		return p, fmt.Errorf("postgres: policy %d: %w", policyID, mapErr(err))
	}
	return p, nil
}

// parseLegalDate parses a YYYY-MM-DD date that is not after today in the
// region's zone.
func parseLegalDate(field, v string, zone policies.TimeZone, now time.Time) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(v))
	if err != nil {
		return d, policies.FieldError(field, "tanggal tidak sah (TTTT-BB-HH)")
	}
	today := now.In(zone.Location()).Format(time.DateOnly)
	if d.Format(time.DateOnly) > today {
		return d, policies.FieldError(field, "tanggal tidak boleh sesudah hari ini (%s)", today)
	}
	if d.Year() < 1945 {
		return d, policies.FieldError(field, "tanggal tidak sah")
	}
	return d, nil
}

// reserveNumber takes the next number of a register for a year inside tx:
// the upsert's row lock makes a racing transaction wait until this one
// ends, and a rollback gives the number back, so numbers have no gaps and
// no repeats.
func reserveNumber(ctx context.Context, tx *sqlx.Tx, regionID int64, register string, year int) (int, error) {
	var n int
	err := tx.GetContext(ctx, &n, `INSERT INTO legal_registers (region_id, register, year, last_number) VALUES ($1, $2, $3, 1)
		ON CONFLICT (region_id, register, year) DO UPDATE SET last_number = legal_registers.last_number + 1
		RETURNING last_number`, regionID, register, year)
	if err != nil {
		return 0, fmt.Errorf("postgres: register %s %d: %w", register, year, mapErr(err))
	}
	return n, nil
}

// official is a user as enactment reads them.
type official struct {
	Name  string        `db:"name"`
	Title string        `db:"title"`
	Role  policies.Role `db:"role"`
}

// activeOfficial is an active user of the region; a FieldError on field otherwise.
func activeOfficial(ctx context.Context, tx *sqlx.Tx, regionID, userID int64, field string) (official, error) {
	var o official
	err := tx.GetContext(ctx, &o, `SELECT name, title, role FROM users WHERE id = $1 AND region_id = $2 AND deactivated_at IS NULL`, userID, regionID)
	if err != nil {
		if policies.KindOf(mapErr(err)) == policies.KindNotFound {
			return o, policies.FieldError(field, "orang yang dipilih bukan pengguna aktif di wilayah ini")
		}
		return o, mapErr(err)
	}
	return o, nil
}

// officeOf is an official's office as a signature block names it: the
// head of the city with the city's name ("Wali Kota Sawahlunto"), any other
// office with the region's ("Sekretaris Daerah Kota Sawahlunto"), unless
// the title names the city already.
func officeOf(title, regionName string) string {
	city := policies.CityName(regionName)
	title = strings.TrimSpace(title)
	if city == "" || strings.Contains(strings.ToLower(title), strings.ToLower(city)) {
		return title
	}
	if lower := strings.ToLower(title); strings.HasPrefix(lower, "wali kota") || strings.HasPrefix(lower, "wakil wali kota") {
		return title + " " + city
	}
	return title + " " + strings.TrimSpace(regionName)
}

// covering is an appointment as enactment reads it.
type covering struct {
	ID       int64               `db:"id"`
	Kind     policies.ActingKind `db:"kind"`
	StartsOn time.Time           `db:"starts_on"`
	EndsOn   time.Time           `db:"ends_on"`
}

// actingCovering is the unrevoked Plt./Plh. appointment of acting for
// principal that covers day; ok false when there is none.
func actingCovering(ctx context.Context, tx *sqlx.Tx, regionID, principalID, actingID int64, day time.Time) (c covering, ok bool, err error) {
	err = tx.GetContext(ctx, &c, `SELECT id, kind, starts_on, ends_on FROM acting_officials
		WHERE region_id = $1 AND principal_id = $2 AND acting_id = $3 AND revoked_at IS NULL
		AND $4::date BETWEEN starts_on AND ends_on ORDER BY id DESC LIMIT 1`, regionID, principalID, actingID, day.Format(time.DateOnly))
	if err != nil {
		if policies.KindOf(mapErr(err)) == policies.KindNotFound {
			return c, false, nil
		}
		return c, false, mapErr(err)
	}
	return c, true, nil
}

// checkSignerMandate refuses a signer in capacity (not their own right)
// whom the region's rules for acting officials do not allow: an a.n. on a
// Peraturan, an act the rules bar the capacity from, an acting official
// whose office may not stand in for the principal's, or a day past the
// term the rules allow.
func checkSignerMandate(ctx context.Context, tx *sqlx.Tx, regionID int64, in policies.EnactmentInput, capacity policies.SignCapacity, c covering, day time.Time) error {
	if err := policies.CheckNoOnBehalfOnPeraturan(in.Form, in.OnBehalf); err != nil {
		return err
	}
	rules, err := actingRules(ctx, tx, regionID)
	if err != nil {
		return err
	}
	field := "signer_id"
	if capacity == policies.SignOnBehalf {
		field = "on_behalf"
	}
	if in.Form == policies.FormPerwali {
		if err := rules.CheckAct(policies.ActingActEnactPeraturan, capacity, field); err != nil {
			return err
		}
	}
	if in.Strategic {
		if err := rules.CheckAct(policies.ActingActStrategic, capacity, "strategic"); err != nil {
			return err
		}
	}
	if capacity == policies.SignOnBehalf {
		return nil
	}
	u, err := actingUse(ctx, tx, regionID, in.PrincipalID, in.SignerID, c.Kind)
	if err != nil {
		return err
	}
	u.StartsOn, u.EndsOn, u.Field = c.StartsOn, c.EndsOn, field
	if err := rules.CheckStandIn(u); err != nil {
		return err
	}
	return rules.CheckDay(u, day)
}

// Enact records the enactment of the policy's in-force version, reserving
// its number from the region's register in the same transaction, audited.
func (s *DB) Enact(ctx context.Context, regionID, actorID, policyID int64, in policies.EnactmentInput) (policies.Enactment, error) {
	var e policies.Enactment
	place := strings.TrimSpace(in.Place)
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		p, v, err := approvedUnenacted(ctx, tx, regionID, policyID)
		if err != nil {
			return err
		}
		day, err := parseLegalDate("enacted_on", in.EnactedOn, p.TimeZone, time.Now())
		if err != nil {
			return err
		}
		effective, err := policies.EffectiveDay(in.EffectiveOn, day)
		if err != nil {
			return err
		}
		if place == "" {
			place = policies.CityName(p.RegionName)
		}
		if err := checkRegionLeader(ctx, tx, regionID, in.PrincipalID, "principal_id"); err != nil {
			return err
		}
		principal, err := activeOfficial(ctx, tx, regionID, in.PrincipalID, "principal_id")
		if err != nil {
			return err
		}
		if strings.TrimSpace(principal.Title) == "" {
			return policies.FieldError("principal_id", "pejabat yang menetapkan belum memiliki jabatan")
		}
		signer, err := activeOfficial(ctx, tx, regionID, in.SignerID, "signer_id")
		if err != nil {
			return err
		}
		capacity, actingID, cov := policies.SignOwn, (*int64)(nil), covering{}
		switch {
		case in.SignerID == in.PrincipalID:
		case in.OnBehalf:
			if signer.Role != policies.RoleLeader {
				return policies.FieldError("signer_id", "penandatangan a.n. harus pimpinan aktif di wilayah ini")
			}
			capacity = policies.SignOnBehalf
		default:
			c, ok, err := actingCovering(ctx, tx, regionID, in.PrincipalID, in.SignerID, day)
			if err != nil {
				return err
			}
			if !ok {
				return policies.FieldError("signer_id", "%s tidak ditunjuk sebagai Plt./Plh. %s pada %s: pilih pejabatnya sendiri, tandai a.n., atau catat penunjukan Plt./Plh. dahulu",
					signer.Name, principal.Title, day.Format(time.DateOnly))
			}
			cov, capacity, actingID = c, policies.SignCapacity(c.Kind), &c.ID
		}
		if capacity != policies.SignOwn {
			if err := checkSignerMandate(ctx, tx, regionID, in, capacity, cov, day); err != nil {
				return err
			}
		}
		// Harmonisation, then paraf, before signature (the form's fields
		// checked first).
		if err := harmonisationPending(ctx, tx, regionID, in.Form, v.ID, "penetapan"); err != nil {
			return err
		}
		// Paraf: every step of the form on this text.
		missing, err := unparafed(ctx, tx, regionID, in.Form, v.ID, 0)
		if err != nil {
			return err
		}
		if len(missing) > 0 {
			return policies.ParafIncomplete(in.Form, missing)
		}
		number, err := reserveNumber(ctx, tx, regionID, string(in.Form), day.Year())
		if err != nil {
			return err
		}
		err = tx.GetContext(ctx, &e, `INSERT INTO enactments (policy_id, region_id, version_id, version_number, sha256, form, number, year,
			title, place, enacted_on, principal_id, principal_title, signer_id, signer_name, signer_title, capacity, acting_id, recorded_by, effective_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
			RETURNING `+enactmentColumns,
			policyID, regionID, *p.InForceVersion, v.Number, v.SHA256, in.Form, number, day.Year(),
			p.Title, place, day, in.PrincipalID, officeOf(principal.Title, p.RegionName), in.SignerID, signer.Name,
			strings.TrimSpace(signer.Title), capacity, actingID, actorID, effective)
		if err != nil {
			return mapErr(err)
		}
		return audit(ctx, tx, policyID, e.VersionID, actorID, "enactment.recorded", e.Label(p.RegionName))
	})
	return e, err
}

// Promulgate records the promulgation of the policy's latest enactment in
// the Berita Daerah, once, its number reserved from the region's gazette
// register for the year, audited.
func (s *DB) Promulgate(ctx context.Context, regionID, actorID, policyID int64, in policies.PromulgationInput) (policies.Enactment, error) {
	var e policies.Enactment
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		p, err := lockPolicy(ctx, tx, regionID, policyID)
		if err != nil {
			return err
		}
		var last policies.Enactment
		if err := tx.GetContext(ctx, &last, `SELECT `+enactmentColumns+` FROM enactments WHERE policy_id = $1
			ORDER BY id DESC LIMIT 1`, policyID); err != nil {
			if policies.KindOf(mapErr(err)) == policies.KindNotFound {
				return policies.Errorf(policies.KindConflict, "kebijakan ini belum ditetapkan")
			}
			return mapErr(err)
		}
		if last.PromulgatedOn != nil {
			return policies.Errorf(policies.KindConflict, "%s sudah diundangkan", last.Label(p.RegionName))
		}
		day, err := parseLegalDate("promulgated_on", in.PromulgatedOn, p.TimeZone, time.Now())
		if err != nil {
			return err
		}
		if day.Format(time.DateOnly) < last.EnactedOn.Format(time.DateOnly) {
			return policies.FieldError("promulgated_on", "tanggal pengundangan tidak boleh sebelum tanggal penetapan (%s)", last.EnactedOn.Format(time.DateOnly))
		}
		if err := checkRegionLeader(ctx, tx, regionID, in.PromulgatorID, "promulgator_id"); err != nil {
			return err
		}
		who, err := activeOfficial(ctx, tx, regionID, in.PromulgatorID, "promulgator_id")
		if err != nil {
			return err
		}
		// An acting Sekretaris Daerah promulgates as Plt./Plh. of that office.
		prefix, title := "", strings.TrimSpace(who.Title)
		var acting struct {
			Kind  policies.ActingKind `db:"kind"`
			Title string              `db:"title"`
		}
		err = tx.GetContext(ctx, &acting, `SELECT a.kind, u.title FROM acting_officials a JOIN users u ON u.id = a.principal_id
			WHERE a.region_id = $1 AND a.acting_id = $2 AND a.revoked_at IS NULL AND $3::date BETWEEN a.starts_on AND a.ends_on
			AND u.title ILIKE 'Sekretaris Daerah%' ORDER BY a.id DESC LIMIT 1`, regionID, in.PromulgatorID, day.Format(time.DateOnly))
		switch {
		case err == nil && !strings.HasPrefix(strings.ToLower(title), "sekretaris daerah"):
			prefix, title = acting.Kind.Abbrev()+" ", strings.TrimSpace(acting.Title)
		case err != nil && policies.KindOf(mapErr(err)) != policies.KindNotFound:
			return mapErr(err)
		}
		title = officeOf(title, p.RegionName)
		number, err := reserveNumber(ctx, tx, regionID, "berita_daerah", day.Year())
		if err != nil {
			return err
		}
		err = tx.GetContext(ctx, &e, `UPDATE enactments SET promulgated_on = $2, gazette_number = $3, gazette_year = $4,
			promulgator_id = $5, promulgator_name = $6, promulgator_title = $7, promulgator_prefix = $8
			WHERE id = $1 RETURNING `+enactmentColumns,
			last.ID, day, number, day.Year(), in.PromulgatorID, who.Name, title, prefix)
		if err != nil {
			return mapErr(err)
		}
		return audit(ctx, tx, policyID, e.VersionID, actorID, "enactment.promulgated",
			fmt.Sprintf("Berita Daerah %s Tahun %d Nomor %d", p.RegionName, day.Year(), number))
	})
	return e, err
}

// AwaitingEnactment lists the region's policies whose version in force is
// approved and not yet enacted, oldest change first.
func (s *DB) AwaitingEnactment(ctx context.Context, regionID int64) ([]policies.PolicySummary, error) {
	ps := []policies.PolicySummary{}
	err := s.q.SelectContext(ctx, &ps, summaryQuery+` WHERE p.region_id = $1 AND p.status IN ('approved', 'implementing', 'evaluating')
		AND p.in_force_version_id IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM enactments e WHERE e.version_id = p.in_force_version_id)
		ORDER BY p.updated_at, p.id LIMIT 100`, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: awaiting enactment: %w", regionID, mapErr(err))
	}
	return ps, nil
}
