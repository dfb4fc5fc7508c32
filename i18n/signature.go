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
	"sig_upload_title":    {"Periksa tanda tangan berkas PDF", "Check a PDF file's signature"},
	"sig_upload_intro": {"Unggah berkas PDF kebijakan yang Anda terima: tanda tangan elektroniknya diperiksa seperti oleh aplikasi pembaca PDF. Berkas tidak disimpan.",
		"Upload a policy PDF file you received: its electronic signature is checked as a PDF reader would check it. The file is not kept."},
	"sig_upload_field":     {"Berkas PDF", "PDF file"},
	"sig_upload_submit":    {"Periksa tanda tangan", "Check signature"},
	"sig_upload_result":    {"Hasil pemeriksaan tanda tangan berkas PDF", "Result of the PDF file's signature check"},
	"sig_upload_known":     {"Berkas ini sama persis dengan PDF bertanda tangan yang diterbitkan Policyflow.", "This file is exactly a signed PDF Policyflow issued."},
	"sig_upload_text_link": {"Lihat verifikasi teksnya", "See the verification of its text"},
	"sig_upload_unknown": {"Berkas ini tidak sama dengan PDF bertanda tangan mana pun yang diterbitkan Policyflow.",
		"This file is not identical to any signed PDF Policyflow issued."},
	"sig_pdf_hash": {"SHA-256 berkas PDF bertanda tangan", "SHA-256 of the signed PDF file"},
}
