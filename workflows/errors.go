package workflows

import (
	"context"
	"errors"
	"strings"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"github.com/policyflow/policyflow/policies"
)

// A refusal crosses from a workflow to its caller as a non-retryable
// application error whose type is the domain error's kind and whose detail
// is the field at fault: refusal encodes it in the workflow, domainError
// decodes it in Client.

// refusal turns a domain error into an application error whose type is the
// error kind, so callers can map it to an HTTP status.
func refusal(err error) error {
	if err == nil {
		return nil
	}
	var de *policies.Error
	if errors.As(err, &de) {
		return temporal.NewNonRetryableApplicationError(de.Message, string(de.Kind), nil, de.Field)
	}
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		return err
	}
	return temporal.NewNonRetryableApplicationError(err.Error(), string(policies.KindInternal), nil)
}

func conflict(format string, args ...any) error {
	return refusal(policies.Errorf(policies.KindConflict, format, args...))
}

func forbidden(format string, args ...any) error {
	return refusal(policies.Errorf(policies.KindForbidden, format, args...))
}

func invalid(field, format string, args ...any) error {
	return refusal(policies.FieldError(field, format, args...))
}

// domainError turns a workflow's refusal (or the Temporal service's
// answer) back into the domain error it stands for: the inverse of refusal.
func domainError(err error) error {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		kind := policies.ErrorKind(appErr.Type())
		switch kind {
		case policies.KindInvalid, policies.KindNotFound, policies.KindConflict, policies.KindForbidden, policies.KindTooLarge:
			e := &policies.Error{Kind: kind, Message: appErr.Message(), Err: err}
			var field string
			if appErr.HasDetails() && appErr.Details(&field) == nil {
				e.Field = field
			}
			return e
		}
	}
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		// A run that has decided and is ending (or has ended) takes no
		// new decision: that is a conflict with its outcome, not an absence.
		if strings.Contains(nf.Error(), "completed") || strings.Contains(nf.Error(), "closing workflow") {
			return &policies.Error{Kind: policies.KindConflict, Message: "tahap ini sudah selesai; muat ulang halaman", Err: err}
		}
		return &policies.Error{Kind: policies.KindNotFound, Message: "alur kerja kebijakan tidak ditemukan", Err: err}
	}
	var down *serviceerror.Unavailable
	var late *serviceerror.DeadlineExceeded
	var cut *serviceerror.Canceled
	var noWorker *serviceerror.FailedPrecondition
	// A wait the service or the connection cut short is no answer either
	// way: the same request again (its ID makes it one) finds what became
	// of it.
	if errors.As(err, &down) || errors.As(err, &late) || errors.As(err, &cut) || errors.Is(err, context.Canceled) ||
		(errors.As(err, &noWorker) && strings.Contains(noWorker.Error(), "poller")) {
		return &policies.Error{Kind: policies.KindUnavailable, Message: "layanan alur kerja sedang tidak tersedia, coba lagi", Err: err}
	}
	var done *serviceerror.WorkflowNotReady
	if errors.As(err, &done) {
		return &policies.Error{Kind: policies.KindUnavailable, Message: "alur kerja belum siap, coba lagi", Err: err}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &policies.Error{Kind: policies.KindUnavailable, Message: "layanan alur kerja tidak menjawab, coba lagi", Err: err}
	}
	return err
}
