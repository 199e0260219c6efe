package task

import (
	"errors"

	"go.temporal.io/sdk/temporal"

	"dsflow/models"
)

// CodeDraining is the error type of a command refused because its host is
// about to continue as new: nothing was recorded, and the same command (the
// same Update ID) succeeds on the next run a moment later. The API retries
// it; a client never sees it unless the host stays busy past the API's wait.
const CodeDraining = "draining"

// ToApplicationError turns an error of the engine into the
// *temporal.ApplicationError that reaches the Temporal client, so the API can
// answer with the right HTTP status without parsing messages.
//
// The mapping:
//
//   - nil stays nil; an *temporal.ApplicationError passes through unchanged.
//   - a *models.Error becomes an ApplicationError whose Type is its Code
//     ("invalid", "forbidden", "conflict", "not_found", CodeDraining …),
//     non-retryable, with two details in this order: []models.FieldError
//     (the field errors, possibly empty) and string (the i18n key). A
//     conflict carries no state: the API shows the task as the read model
//     has it, which every committed change reached first.
//   - an *temporal.ActivityError, a timeout or a cancellation (the read model
//     could not be written in time) becomes Type "unavailable" (503): the
//     command changed nothing and may be retried.
//   - anything else becomes Type "internal".
//
// The API recovers everything with:
//
//	var ae *temporal.ApplicationError
//	if errors.As(err, &ae) {
//		code := ae.Type()
//		var fields []models.FieldError
//		var key string
//		_ = ae.Details(&fields, &key)
//	}
//
// or simply FromApplicationError(err).
func ToApplicationError(err error) error {
	if err == nil {
		return nil
	}
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) && !isActivityError(err) {
		return ae
	}
	if e := models.AsError(err); e != nil {
		fields := e.Fields
		if fields == nil {
			fields = []models.FieldError{}
		}
		return temporal.NewApplicationErrorWithOptions(message(e), e.Code, temporal.ApplicationErrorOptions{
			NonRetryable: true,
			Details:      []any{fields, e.Key},
		})
	}
	code, key := models.EINTERNAL, "error.internal"
	var te *temporal.TimeoutError
	var ce *temporal.CanceledError
	if isActivityError(err) || errors.As(err, &te) || errors.As(err, &ce) {
		code, key = models.EUNAVAILABLE, "error.unavailable"
	}
	return temporal.NewApplicationErrorWithOptions(code+": "+key, code, temporal.ApplicationErrorOptions{
		NonRetryable: true,
		Cause:        err,
		Details:      []any{[]models.FieldError{}, key},
	})
}

// FromApplicationError is the inverse of ToApplicationError for the API: it
// rebuilds the *models.Error (Code, Key, Fields) from what the Temporal
// client returned. An error that is no ApplicationError of ours yields
// EINTERNAL wrapping it; nil yields nil.
func FromApplicationError(err error) *models.Error {
	if err == nil {
		return nil
	}
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) || !knownCode(ae.Type()) {
		return &models.Error{Code: models.EINTERNAL, Key: "error.internal", Err: err}
	}
	out := &models.Error{Code: ae.Type(), Err: err}
	var fields []models.FieldError
	var key string
	if ae.HasDetails() && ae.Details(&fields, &key) == nil {
		out.Fields, out.Key = fields, key
		if len(out.Fields) == 0 {
			out.Fields = nil
		}
	}
	return out
}

// message is the text of an ApplicationError made from e: the code, key and
// detail, never a wrapped internal error.
func message(e *models.Error) string {
	msg := e.Code
	if e.Key != "" {
		msg += ": " + e.Key
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

func isActivityError(err error) bool {
	var ae *temporal.ActivityError
	return errors.As(err, &ae)
}

func knownCode(c string) bool {
	switch c {
	case models.EINVALID, models.ENOTFOUND, models.ECONFLICT, models.EUNAUTHORIZED,
		models.EFORBIDDEN, models.ERATELIMIT, models.EUNAVAILABLE, models.EINTERNAL, CodeDraining:
		return true
	}
	return false
}
