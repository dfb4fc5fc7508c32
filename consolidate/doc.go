// Package consolidate computes the text of a Peraturan Wali Kota (Perwali)
// as it stands on a given date after its amendments: a pure function of
// the enacted Markdown text, the ordered amendment instructions and a date.
//
// # Model
//
// An amending act ("Peraturan Wali Kota tentang Perubahan atas Peraturan
// Wali Kota Nomor 3 Tahun 2026") is made, in its Pasal I, of numbered
// amendment points, and its Pasal II says when it comes into force. Each
// point is one Instruction:
//
//   - Replace: "Ketentuan Pasal 4 diubah sehingga berbunyi sebagai
//     berikut" (or "Ketentuan ayat (2) Pasal 4 diubah …"): the body of the
//     Pasal, or the one ayat, becomes the new text.
//   - Insert: "Di antara Pasal 4 dan Pasal 5 disisipkan 1 (satu) pasal,
//     yakni Pasal 4A": a new Pasal numbered with the number of the Pasal
//     before it and a capital letter, placed right after that Pasal, so
//     that no Pasal is renumbered.
//   - Repeal: "Pasal 7 dihapus": the Pasal keeps its heading and number,
//     and its body becomes "Dihapus." ("(2) Dihapus." for an ayat), so that
//     the numbering of the rest, and the references to it, stay as they
//     were.
//
// Each instruction carries the amending act (its title and its in-force
// date). Consolidate applies, in the order given, the instructions in
// force on the date asked (the in-force date on or before it, by calendar
// day), and lists the others as pending; the result says, per Pasal and
// per changed ayat, which act last changed it and from when.
//
// An instruction that no longer fits the text it meets is reported as a
// Misfit and not applied: its target is missing or repealed, the text it
// expected (Instruction.Expect) was changed by an earlier amendment, the
// number it inserts is taken or does not sort between its neighbours, or
// its new text would break the structure (a heading, a code fence). An
// instruction whose effect is already in the text is a no-op, so that
// applying the same instructions to the consolidated text again gives the
// same text.
//
// The consolidation is unofficial: the enacted texts stay the official
// ones. The technique follows Undang-Undang Nomor 12 Tahun 2011,
// Lampiran II, Bab II (Hal-Hal Khusus), part "Perubahan Peraturan
// Perundang-undangan" (angka 231 and following, on how amendments are made
// by inserting, deleting or replacing provisions, how the amending act is
// laid out in Pasal I and Pasal II, how an inserted Pasal is numbered with
// a capital letter and how a deleted provision keeps its number with the
// word "Dihapus"); the angka numbers are cited from memory and should be
// checked against the published Lampiran.
//
// Pasal headings are Markdown headings "Pasal N" or "Pasal NA" of any
// level; the package reads them itself, so that it stays a pure function
// of its text with no dependency on the rest of Policyflow.
package consolidate
