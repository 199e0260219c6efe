package calendar

import (
	"errors"
	"fmt"
	"time"

	"dsflow/models"
)

// ErrInvalidDeadline is wrapped by Deadline errors, inside a models.Error
// with code EINVALID so the API answers 422.
var ErrInvalidDeadline = errors.New("invalid deadline")

// DeadlineSpec says when something is due, in one of two ways:
//
//   - At: an absolute date-time, e.g. a date a leader typed; or
//   - Days (≥ 0) days after the event at After, counted in working days
//     when WorkingDays is set, else in calendar days.
//
// The two ways exclude each other, so a spec that mixes them is rejected
// rather than silently preferring one.
type DeadlineSpec struct {
	At          *time.Time `json:"at,omitempty"`
	Days        int        `json:"days,omitempty"`
	WorkingDays bool       `json:"working_days,omitempty"`
	After       time.Time  `json:"after,omitempty"`
}

// Deadline resolves spec to an instant. An absolute At is returned as
// given, in Vietnam's zone. A relative spec ends at 23:59:59 in Vietnam of
// the last day (see AddWorkingDays and AddDays). It returns an EINVALID
// models.Error wrapping ErrInvalidDeadline when At is set together with
// Days, WorkingDays or After, when At is the zero time, when After is
// missing from a relative spec, or when Days is negative.
func (c *Calendar) Deadline(spec DeadlineSpec) (time.Time, error) {
	if spec.At != nil {
		switch {
		case spec.Days != 0 || spec.WorkingDays || !spec.After.IsZero():
			return time.Time{}, invalidDeadline("at", "excluded_with", "", "an absolute deadline takes no days, working_days or after")
		case spec.At.IsZero():
			return time.Time{}, invalidDeadline("at", "required", "", "the absolute deadline is the zero time")
		}
		return spec.At.In(zone), nil
	}
	switch {
	case spec.After.IsZero():
		return time.Time{}, invalidDeadline("after", "required", "", "a relative deadline needs the event it counts from")
	case spec.Days < 0:
		return time.Time{}, invalidDeadline("days", "min", "0", "days must not be negative")
	case spec.WorkingDays:
		return c.AddWorkingDays(spec.After, spec.Days), nil
	default:
		return c.AddDays(spec.After, spec.Days), nil
	}
}

// invalidDeadline builds the EINVALID error of a bad DeadlineSpec field.
func invalidDeadline(field, rule, param, detail string) error {
	e := models.Invalid(models.FieldError{Field: field, Rule: rule, Param: param})
	e.Detail = detail
	e.Err = fmt.Errorf("calendar: deadline: %s: %w", detail, ErrInvalidDeadline)
	return e
}
