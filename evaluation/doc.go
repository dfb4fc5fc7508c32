// Package evaluation holds the instruments Indonesian local governments use to
// evaluate civil-servant competency policies, as pure functions without I/O
// beyond the readers and writers they are given:
//
//   - SKM/IKM, the public satisfaction survey of PermenPANRB No. 14 Tahun 2017
//     (IKM, IKMFromAnswers, BandOf, Round2);
//   - the four Kirkpatrick levels scored on a 1–5 Likert scale (Kirkpatrick);
//   - the participant CSV import of a training program (ParseParticipants),
//     each NIP checked by policies.ValidateNIP;
//   - the yearly JP (jam pelajaran) ledger against the 20 JP minimum of
//     PP 11/2017 art. 203(4) (Ledger, UnitTotals).
//
// Errors are *policies.Error values: invalid input is a policies.FieldError
// naming the field at fault, with a message in Bahasa Indonesia.
package evaluation
