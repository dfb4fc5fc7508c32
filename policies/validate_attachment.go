package policies

// Validate checks an attachment's kind: naskah_akademik, notulen, surat or
// lainnya.
func (k AttachmentKind) Validate() error {
	if !k.Valid() {
		return FieldError("kind", "jenis lampiran harus naskah_akademik, notulen, surat, atau lainnya")
	}
	return nil
}
