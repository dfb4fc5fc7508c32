// Package download names and sends the files people download: a
// version's PDF or DOCX under its slug and number, an attachment under its
// own name (an ASCII fallback and its UTF-8 form, RFC 6266), with headers
// that keep them out of shared caches.
package download
