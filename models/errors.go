// Package models holds dsflow's nouns: the GORM rows of the read model, the
// domain types that workflows, activities and the API pass between them, and
// the one error vocabulary every layer speaks.
package models

import (
	"errors"
	"fmt"
)

// Error codes. The API maps each to an HTTP status in exactly one place.
const (
	EINVALID      = "invalid"      // the input is malformed or breaks a rule (422)
	ENOTFOUND     = "not_found"    // absent, or outside the caller's scope (404)
	ECONFLICT     = "conflict"     // the state does not allow it now (409)
	EUNAUTHORIZED = "unauthorized" // no valid credentials (401)
	EFORBIDDEN    = "forbidden"    // authenticated, but the role lacks the right (403)
	ERATELIMIT    = "rate_limited" // too many attempts (429)
	EUNAVAILABLE  = "unavailable"  // a dependency is not reachable (503)
	EINTERNAL     = "internal"     // a bug or an unexpected failure (500)
)

// FieldError names one failing input field and the message key for it.
type FieldError struct {
	Field string `json:"field"`
	// Rule is the failed rule (required, min, max, …); the API turns it into
	// a readable message in the caller's language.
	Rule  string `json:"rule"`
	Param string `json:"param,omitempty"`
}

// Error is an application error: a code from the vocabulary above, a message
// key from the i18n catalogue, and optional field errors. Its Message is safe
// to show a user; anything internal stays in the wrapped error.
type Error struct {
	Code   string
	Key    string // i18n catalogue key for the title; defaults by code
	Detail string // optional extra text safe to show
	Fields []FieldError
	// State is an optional snapshot of the current state, returned with a
	// conflict so the caller can see why (e.g. the task as it now is).
	State any
	Err   error
}

func (e *Error) Error() string {
	msg := e.Code
	if e.Key != "" {
		msg += ": " + e.Key
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an application error with a code and a catalogue key.
func Errorf(code, key, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Detail: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL when it is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// AsError returns the *Error inside err, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// NotFound is the error every scoped lookup returns for a missing or hidden row.
func NotFound(what string) *Error {
	return &Error{Code: ENOTFOUND, Key: "error.not_found", Detail: what}
}

// Invalid is a validation error over fields.
func Invalid(fields ...FieldError) *Error {
	return &Error{Code: EINVALID, Key: "error.invalid", Fields: fields}
}
