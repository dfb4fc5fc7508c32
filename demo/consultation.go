package demo

import (
	"context"
	"fmt"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// consultation opens a public consultation with comments from the
// region's stakeholders and, moderated by the drafter, from the public.
func (r *runner) consultation(ctx context.Context, p *policy) error {
	if _, err := r.do(ctx, p, "penyusun", policies.ActOpenConsultation, "open", workflows.Request{
		ClosesAt: r.now.AddDate(0, 0, 30), AllowPublic: true}); err != nil {
		return err
	}
	v, err := r.db.CurrentVersion(ctx, p.ID)
	if err != nil {
		return err
	}
	comments := []struct {
		who, name, email, section, body string
	}{
		{"akademisi", "", "", "strategi-penyusunan-kebijakan",
			"Strategi ini perlu menyebut analisis kebutuhan pelatihan (training need analysis) per jabatan sebagai dasar, bukan hanya usulan unit."},
		{"praktisi", "", "", "implementasi-program-pelatihan",
			"Sebaiknya ada porsi pembelajaran daring dan coaching di tempat kerja, agar 20 JP per tahun tercapai tanpa meninggalkan layanan."},
		{"akademisi", "", "", "pemantauan-dan-evaluasi",
			"Evaluasi Kirkpatrick tingkat 3 (perilaku) perlu jadwal yang jelas, misalnya tiga bulan setelah pelatihan."},
		{"", "Rahmat Hidayat", "rahmat.hidayat@contoh.id", "pendahuluan",
			"Sebagai warga, saya berharap pelatihan ASN juga menyentuh keramahan pelayanan di kelurahan."},
		{"", "Siti Aminah", "siti.aminah@contoh.id", "pentingnya-pengembangan-kompetensi-asn",
			"Mohon hasil pelatihan dipublikasikan agar masyarakat bisa ikut menilai."},
	}
	for i, c := range comments {
		cm := policies.Comment{PolicyID: p.ID, VersionID: v.ID, SectionID: c.section, Body: c.body,
			IdempotencyKey: fmt.Sprintf("demo/%s/comment-%d", p.Slug, i+1)}
		if c.who != "" {
			u := p.people[c.who]
			cm.AuthorID, cm.AuthorName, cm.AuthorEmail = &u.ID, u.Name, u.Email
		} else {
			// The public's comments are held for moderation, then shown.
			cm.AuthorName, cm.AuthorEmail, cm.Status = c.name, c.email, policies.CommentPendingModeration
		}
		saved, err := r.db.CreateComment(ctx, cm)
		if err != nil {
			return err
		}
		if saved.Status == policies.CommentPendingModeration {
			if err := saved.CheckStatusChange(policies.CommentOpen); err != nil {
				return err
			}
			if _, err := r.db.SetCommentStatus(ctx, saved.ID, policies.CommentOpen, p.people["penyusun"].ID); err != nil {
				return err
			}
		}
	}
	return nil
}
