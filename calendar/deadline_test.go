package calendar

import (
	"errors"
	"testing"
	"time"

	"dsflow/models"
)

func TestDeadline(t *testing.T) {
	c := New(nil)
	abs := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		spec DeadlineSpec
		want time.Time
	}{
		{"absolute", DeadlineSpec{At: &abs}, abs},
		{"working days", DeadlineSpec{Days: 5, WorkingDays: true, After: at(2024, 2, 7, 10)}, dueEnd(2024, 2, 21)},
		{"calendar days", DeadlineSpec{Days: 5, After: at(2024, 2, 7, 10)}, dueEnd(2024, 2, 12)},
		{"zero calendar days is the end of the event's day", DeadlineSpec{After: at(2024, 2, 10, 10)}, dueEnd(2024, 2, 10)},
		{"zero working days on Tết", DeadlineSpec{WorkingDays: true, After: at(2024, 2, 10, 10)}, dueEnd(2024, 2, 15)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Deadline(tt.spec)
			if err != nil {
				t.Fatalf("Deadline: %v", err)
			}
			if !got.Equal(tt.want) || got.Location() != Location() {
				t.Errorf("Deadline = %v, want %v in Vietnam's zone", got, tt.want)
			}
		})
	}
}

func TestDeadlineInvalid(t *testing.T) {
	c := New(nil)
	abs := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	var zero time.Time
	tests := []struct {
		name  string
		spec  DeadlineSpec
		field string
	}{
		{"empty", DeadlineSpec{}, "after"},
		{"days without an event", DeadlineSpec{Days: 3, WorkingDays: true}, "after"},
		{"absolute with days", DeadlineSpec{At: &abs, Days: 3}, "at"},
		{"absolute with working days", DeadlineSpec{At: &abs, WorkingDays: true}, "at"},
		{"absolute with an event", DeadlineSpec{At: &abs, After: abs}, "at"},
		{"absolute zero time", DeadlineSpec{At: &zero}, "at"},
		{"negative days", DeadlineSpec{Days: -1, After: abs}, "days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Deadline(tt.spec)
			if !errors.Is(err, ErrInvalidDeadline) {
				t.Fatalf("Deadline(%+v) = %v, %v; want ErrInvalidDeadline", tt.spec, got, err)
			}
			if models.ErrorCode(err) != models.EINVALID {
				t.Errorf("code = %q, want %q", models.ErrorCode(err), models.EINVALID)
			}
			if e := models.AsError(err); e == nil || len(e.Fields) != 1 || e.Fields[0].Field != tt.field {
				t.Errorf("fields = %+v, want one on %q", e, tt.field)
			}
		})
	}
}
