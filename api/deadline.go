package api

import (
	"context"
	"time"

	"dsflow/calendar"
	"dsflow/models"
)

// dueInput is a deadline as people give it: an absolute time ("at", RFC
// 3339, or a date meaning the end of that day in Vietnam), or N days —
// working days when working_days is set — after an event ("after",
// default now; for an extension, the current deadline). Deadlines are
// computed once, when given: a later edit of the holidays does not move
// deadlines already set.
type dueInput struct {
	At          string     `json:"at" validate:"max=40"`
	Days        int        `json:"days" validate:"gte=0,lte=3650"`
	WorkingDays bool       `json:"working_days"`
	After       *time.Time `json:"after"`
}

// resolve turns the input into an absolute due time. EINVALID.
func (s *Server) resolveDue(ctx context.Context, in dueInput, field string, defaultAfter time.Time) (time.Time, error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return time.Time{}, internal(err, "load calendar")
	}
	spec := calendar.DeadlineSpec{Days: in.Days, WorkingDays: in.WorkingDays}
	if in.At != "" {
		at, err := parseInstant(in.At)
		if err != nil {
			return time.Time{}, models.Invalid(models.FieldError{Field: field + ".at", Rule: "datetime"})
		}
		spec.At = &at
		if in.After != nil {
			spec.After = *in.After // the calendar refuses "after" with "at"
		}
	} else {
		if in.Days == 0 && !in.WorkingDays && in.After == nil {
			return time.Time{}, models.Invalid(models.FieldError{Field: field, Rule: "required"})
		}
		spec.After = defaultAfter
		if in.After != nil {
			spec.After = *in.After
		}
	}
	due, err := cal.Deadline(spec)
	if err != nil {
		if e := models.AsError(err); e != nil {
			for i := range e.Fields {
				e.Fields[i].Field = field + "." + e.Fields[i].Field
			}
		}
		return time.Time{}, err
	}
	if !due.After(s.now()) {
		return time.Time{}, models.Invalid(models.FieldError{Field: field, Rule: "future"})
	}
	return due, nil
}

// parseInstant reads RFC 3339, or a yyyy-mm-dd or dd/mm/yyyy date meaning
// the end of that day in Vietnam.
func parseInstant(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006"} {
		if d, err := time.ParseInLocation(layout, s, ict); err == nil {
			return d.Add(24*time.Hour - time.Second), nil
		}
	}
	return time.Time{}, &time.ParseError{Layout: time.RFC3339, Value: s}
}
