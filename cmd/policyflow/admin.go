package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

const adminUsage = `policyflow admin — the system administrator's commands (DATABASE_URL, PUBLIC_URL)

Usage:
  policyflow admin create-region -slug SLUG -name NAME [-zone WIB|WITA|WIT]
  policyflow admin invite -region SLUG -email EMAIL -name NAME -role ROLE [-unit CODE] [-title JABATAN] [-nip NIP]

invite prints the person's one-time link (valid 72 hours) and puts the
invitation email in the outbox, which the worker sends. Both are audited as
made by the command line. A region's first administrator is the one change
of power made without a second person's confirmation; after it, inviting a
leader, legal officer or administrator proposes the invitation, which an
administrator of the region confirms on /changes (the link is emailed then).
`

// runAdmin runs the system administrator's commands on the database.
func runAdmin(ctx context.Context, args []string, cfg config, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, adminUsage)
		return errUsage
	}
	switch args[0] {
	case "create-region":
		return adminCreateRegion(ctx, args[1:], cfg, stdout, stderr)
	case "invite":
		return adminInvite(ctx, args[1:], cfg, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, adminUsage)
		return nil
	}
	fmt.Fprintf(stderr, "policyflow admin: unknown command %q\n\n%s", args[0], adminUsage)
	return errUsage
}

func adminCreateRegion(ctx context.Context, args []string, cfg config, stdout, stderr io.Writer) error {
	fs := newFlags("admin create-region", stderr)
	slug := fs.String("slug", "", "the region's slug in URLs, e.g. kota-sawahlunto (required)")
	name := fs.String("name", "", "the region's name, e.g. \"Kota Sawahlunto\" (required)")
	zone := fs.String("zone", "WIB", "time zone: WIB, WITA or WIT")
	db, err := openAdmin(ctx, fs, args, cfg, stderr, "-slug and -name are required", slug, name)
	if err != nil {
		return err
	}
	defer db.Close()
	in := policies.NewRegion{Slug: *slug, Name: *name, Zone: policies.TimeZone(strings.ToUpper(*zone))}
	if err := in.Validate(); err != nil {
		return fmt.Errorf("create-region: %s", message(err))
	}
	r, err := db.CreateRegion(ctx, 0, in.Slug, in.Name, in.Zone)
	if err != nil {
		return fmt.Errorf("create-region: %s", message(err))
	}
	fmt.Fprintf(stdout, "region created: %s (%s, %s), id %d\n", r.Name, r.Slug, r.TimeZone, r.ID)
	return nil
}

func adminInvite(ctx context.Context, args []string, cfg config, stdout, stderr io.Writer) error {
	fs := newFlags("admin invite", stderr)
	region := fs.String("region", "", "the region's slug (required)")
	email := fs.String("email", "", "the person's email (required)")
	name := fs.String("name", "", "the person's name (required)")
	role := fs.String("role", "admin", "drafter, stakeholder, leader, unit_officer or admin")
	unit := fs.String("unit", "", "the unit's code in the region (required for drafter and unit_officer)")
	title := fs.String("title", "", "jabatan, e.g. \"Kepala BKPSDM\"")
	nip := fs.String("nip", "", "NIP (18 digits) of a civil servant")
	if err := cfg.requirePublicURL(); err != nil {
		return err
	}
	db, err := openAdmin(ctx, fs, args, cfg, stderr, "-region, -email and -name are required", region, email, name)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.RegionBySlug(ctx, *region)
	if err != nil {
		if policies.IsKind(err, policies.KindNotFound) {
			return fmt.Errorf("invite: no region %q: create it first with policyflow admin create-region", *region)
		}
		return err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(token))
	link := "/invite/" + token
	notice := policies.Notification{Kind: policies.NoticeInvitation, Link: link,
		Subject: "Undangan ke Policyflow " + r.Name,
		Body: fmt.Sprintf("Anda diundang ke Policyflow %s.\n\nBuka tautan di bawah untuk membuat kata sandi Anda sendiri (paling sedikit %d karakter), lalu masuk dengan email ini. Tautan hanya berlaku sekali dan kedaluwarsa dalam %d jam.",
			r.Name, policies.MinPasswordLength, int(policies.InviteLifetime.Hours()))}
	in := policies.PersonInput{Email: *email, Name: *name, Role: policies.Role(*role), Unit: *unit, Title: *title, NIP: *nip}
	if err := in.Validate(true); err != nil {
		return fmt.Errorf("invite: %s", message(err))
	}
	var u policies.User
	switch has, err := db.HasAdmin(ctx, r.ID); {
	case err != nil:
		return err
	case in.Role == policies.RoleAdmin && !has:
		// The one exception to four eyes on power: nobody is there yet to confirm.
		if u, err = db.BootstrapAdmin(ctx, r.ID, in, hex.EncodeToString(sum[:]), notice); err != nil {
			return fmt.Errorf("invite: %s", message(err))
		}
		fmt.Fprintf(stderr, "%s has no administrator: %s is its first, made here without a second person's confirmation.\n"+
			"This is the one change of power no second person confirms (audited as region.first_admin); every later\n"+
			"administrator, leader or legal officer is proposed and confirmed by a second person.\n", r.Name, in.Email)
	case in.Role.Power():
		c, err := db.ProposeChange(ctx, r.ID, 0, policies.ChangeProposal{Kind: policies.ChangeInvite, Input: in}, i18n.ChangeWords)
		if err != nil {
			return fmt.Errorf("invite: %s", message(err))
		}
		fmt.Fprintf(stderr, "proposed change #%d: invite %s <%s> as %s of %s.\n"+
			"It takes effect when an administrator of the region confirms it at %s/changes; the invitation is emailed then.\n",
			c.ID, in.Name, in.Email, in.Role, r.Name, cfg.PublicURL)
		return nil
	default:
		if u, err = db.InvitePerson(ctx, 0, r.ID, in, hex.EncodeToString(sum[:]), notice); err != nil {
			return fmt.Errorf("invite: %s", message(err))
		}
	}
	fmt.Fprintf(stderr, "invited %s <%s> as %s of %s (user %d); the invitation email is in the outbox.\n", u.Name, u.Email, u.Role, r.Name, u.ID)
	fmt.Fprintf(stderr, "One-time link, valid %d hours (give it only to %s):\n", int(policies.InviteLifetime.Hours()), u.Email)
	fmt.Fprintln(stdout, cfg.PublicURL+link)
	return nil
}

// openAdmin parses an admin subcommand's args with fs and opens the store:
// a parse error, or one of required left empty (saying missing), is
// errUsage.
func openAdmin(ctx context.Context, fs *flag.FlagSet, args []string, cfg config, stderr io.Writer, missing string, required ...*string) (*postgres.DB, error) {
	if err := fs.Parse(args); err != nil {
		return nil, errUsage
	}
	for _, v := range required {
		if *v == "" {
			fmt.Fprintf(stderr, "policyflow %s: %s\n", fs.Name(), missing)
			return nil, errUsage
		}
	}
	return openStore(ctx, cfg.DatabaseURL, true)
}

// message is a refusal's words with the field it names.
func message(err error) string {
	var de *policies.Error
	if errors.As(err, &de) && de.Message != "" {
		if de.Field != "" {
			return fmt.Sprintf("%s: %s", de.Field, de.Message)
		}
		return de.Message
	}
	return err.Error()
}
