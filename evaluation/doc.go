// Package evaluation holds the instruments Indonesian local governments use to
// evaluate civil-servant competency policies, as pure functions without I/O
// beyond the readers and writers they are given:
//
//   - SKM/IKM, the public satisfaction survey of PermenPANRB No. 14 Tahun 2017
//     (IKM, IKMFromAnswers, BandOf, Round2);
//   - the four Kirkpatrick levels scored on a 1–5 Likert scale (Kirkpatrick);
//   - the participant CSV import of a training program (ParseParticipants),
//     each number checked as a PNS NIP or an NI PPPK;
//   - the region's ASN roster CSV in the shape SIASN/MyASN export it
//     (ParseRoster);
//   - the yearly JP (jam pelajaran) ledger over the roster, against the
//     region's minimum per ASN kind (20 JP for a PNS by PP 11/2017 art.
//     203(4)): JP, planned hours, gap and status per person, units ranked
//     (Ledger, UnitTotals).
//
// Errors are *policies.Error values: invalid input is a policies.FieldError
// naming the field at fault, with a message in Bahasa Indonesia.
package evaluation
