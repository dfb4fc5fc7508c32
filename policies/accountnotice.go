package policies

import "time"

// The messages of the notices about a person's own account and work that a
// person's request causes (not a workflow): the server words each in the
// recipient's language (i18n.Notice), which the store reads in the same
// transaction that writes the notice.

// AssignmentMessage tells a drafter that by assigned them n comments of
// the consultation of the policy titled title.
func AssignmentMessage(by, title string, n int) Message {
	return Msg("nm_comment_assigned", MsgText(by), MsgNumber(n), MsgText(title))
}

// ResetMessage tells a person that by sent them a link to reset their
// password of the region's Policyflow.
func ResetMessage(by, region string) Message {
	return Msg("nm_password_reset", MsgText(by), MsgText(region), MsgNumber(int(ResetLifetime/time.Hour)))
}

// SecondFactorResetMessage tells a person that the administrator by reset
// their second factor.
func SecondFactorResetMessage(by string) Message {
	return Msg("nm_second_factor_reset", MsgText(by))
}

// SecondFactorEnrolledMessage tells a person their second factor was
// turned on.
func SecondFactorEnrolledMessage() Message { return Msg("nm_second_factor_enrolled") }

// RecoveryCodeUsedMessage tells a person one of their recovery codes was
// used to sign in, left remaining.
func RecoveryCodeUsedMessage(left int) Message {
	return Msg("nm_recovery_code_used", MsgNumber(left))
}
