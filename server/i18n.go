package server

import (
	"net/http"
	"net/url"

	"github.com/policyflow/policyflow/policies"
)

// Languages: Bahasa Indonesia first, English second.
const (
	langID = "id"
	langEN = "en"
)

// messages holds every page string, by language then key.
var messages = allMessages()

// baseMessages are the first page strings.
var baseMessages = map[string]map[string]string{
	langID: {
		"app_tagline":        "Penyusunan, persetujuan, pelaksanaan, dan evaluasi kebijakan pengembangan kompetensi ASN",
		"nav_policies":       "Kebijakan",
		"nav_switch":         "English",
		"index_title":        "Daftar kebijakan",
		"index_empty":        "Belum ada kebijakan.",
		"index_filter":       "Saring",
		"index_all_regions":  "Semua wilayah",
		"index_all_statuses": "Semua status",
		"col_title":          "Judul",
		"col_status":         "Status",
		"col_version":        "Versi",
		"col_unit":           "Unit pemilik",
		"col_updated":        "Diperbarui",
		"policy_version":     "Versi",
		"policy_sha":         "SHA-256",
		"policy_text":        "Teks",
		"text_in_force":      "Berlaku (disetujui)",
		"text_draft":         "Rancangan",
		"draft_revision":     "Rancangan perubahan sedang disusun: versi",
		"in_force_is":        "Teks yang berlaku: versi",
		"diff_in_force":      "lihat perbedaan dengan teks yang berlaku",
		"policy_toc":         "Daftar isi",
		"policy_region":      "Wilayah",
		"policy_unit":        "Unit pemilik",
		"policy_status":      "Status",
		"policy_updated":     "Diperbarui",
		"error_title":        "Terjadi kesalahan",
		"error_back":         "Kembali ke daftar kebijakan",
		"error_not_found":    "Halaman atau data yang Anda cari tidak ditemukan.",
		"error_internal":     "Terjadi kesalahan pada server. Silakan coba lagi sebentar lagi.",
		"error_unavailable":  "Layanan sedang tidak tersedia. Silakan coba lagi sebentar lagi.",
		"footer":             "Policyflow — kebijakan publik yang terbuka dan terukur",
		"skip":               "Langsung ke isi",
	},
	langEN: {
		"app_tagline":        "Drafting, approving, implementing and evaluating civil-servant competency policy",
		"nav_policies":       "Policies",
		"nav_switch":         "Bahasa Indonesia",
		"index_title":        "Policies",
		"index_empty":        "No policies yet.",
		"index_filter":       "Filter",
		"index_all_regions":  "All regions",
		"index_all_statuses": "All statuses",
		"col_title":          "Title",
		"col_status":         "Status",
		"col_version":        "Version",
		"col_unit":           "Owning unit",
		"col_updated":        "Updated",
		"policy_version":     "Version",
		"policy_sha":         "SHA-256",
		"policy_text":        "Text",
		"text_in_force":      "In force (approved)",
		"text_draft":         "Draft",
		"draft_revision":     "A revision is being drafted: version",
		"in_force_is":        "The text in force: version",
		"diff_in_force":      "see the differences from the text in force",
		"policy_toc":         "Contents",
		"policy_region":      "Region",
		"policy_unit":        "Owning unit",
		"policy_status":      "Status",
		"policy_updated":     "Updated",
		"error_title":        "Something went wrong",
		"error_back":         "Back to the policy list",
		"error_not_found":    "The page or record you are looking for was not found.",
		"error_internal":     "The server made an error. Please try again shortly.",
		"error_unavailable":  "The service is unavailable. Please try again shortly.",
		"footer":             "Policyflow — open, measurable public policy",
		"skip":               "Skip to content",
	},
}

// statusNames are the lifecycle states as people say them.
var statusNames = map[string]map[policies.Status]string{
	langID: {
		policies.StatusDraft: "Draf", policies.StatusConsultation: "Konsultasi publik",
		policies.StatusDrafting: "Penyusunan", policies.StatusInApproval: "Dalam persetujuan",
		policies.StatusApproved: "Disetujui", policies.StatusImplementing: "Pelaksanaan",
		policies.StatusEvaluating: "Evaluasi", policies.StatusRevision: "Revisi",
		policies.StatusArchived: "Diarsipkan",
	},
	langEN: {
		policies.StatusDraft: "Draft", policies.StatusConsultation: "Public consultation",
		policies.StatusDrafting: "Drafting", policies.StatusInApproval: "In approval",
		policies.StatusApproved: "Approved", policies.StatusImplementing: "Implementing",
		policies.StatusEvaluating: "Evaluating", policies.StatusRevision: "Revision",
		policies.StatusArchived: "Archived",
	},
}

// language picks the page language: ?lang= (remembered in a cookie), then
// the cookie, then Indonesian.
func language(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == langID || l == langEN {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode})
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == langID || c.Value == langEN) {
		return c.Value
	}
	return langID
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
