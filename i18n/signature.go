package i18n

// catalogueSignature holds the strings of the electronic signature of an
// enacted text's PDF on the public verification page (signatures.go),
// Indonesian first, then English.
var catalogueSignature = map[string][2]string{
	"sig_title": {"Tanda tangan elektronik", "Electronic signature"},
	"sig_valid": {"Tanda tangan elektronik sah: berkas PDF ini utuh sejak ditandatangani dan sertifikatnya terpercaya.",
		"Valid electronic signature: this PDF file is unchanged since it was signed and its certificate is trusted."},
	"sig_invalid": {"Tanda tangan elektronik TIDAK sah: berkas berubah sesudah ditandatangani, atau sertifikatnya tidak terpercaya.",
		"Electronic signature NOT valid: the file changed after it was signed, or its certificate is not trusted."},
	"sig_test": {"Sertifikat uji, tidak sah: ditandatangani dengan sertifikat percobaan (make dev), bukan sertifikat elektronik yang berlaku.",
		"Test certificate, not legally valid: signed with a trial certificate (make dev), not a valid electronic certificate."},
	"sig_unsigned": {"Dokumen ini belum ditandatangani secara elektronik: kode SHA-256 dan QR hanya membuktikan teksnya, bukan penandatangannya.",
		"This document is not signed electronically: the SHA-256 code and QR prove its text only, not who signed it."},
	"sig_act":             {"Tindakan", "Act"},
	"sig_act_enacted":     {"Penetapan", "Enactment"},
	"sig_act_promulgated": {"Pengundangan", "Promulgation"},
	"sig_signer":          {"Penanda tangan", "Signer"},
	"sig_subject":         {"Subjek sertifikat", "Certificate subject"},
	"sig_time":            {"Waktu penandatanganan", "Signing time"},
	"sig_pdf_hash":        {"SHA-256 berkas PDF bertanda tangan", "SHA-256 of the signed PDF file"},
}
