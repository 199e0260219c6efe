package task_test

import (
	"errors"
	"testing"

	"go.temporal.io/sdk/temporal"

	"dsflow/models"
	"dsflow/workflows/task"
)

// overTheWire sends err through the failure converter both ways, as it
// travels from a worker to the API's Temporal client.
func overTheWire(err error) error {
	fc := temporal.GetDefaultFailureConverter()
	return fc.FailureToError(fc.ErrorToFailure(err))
}

func TestApplicationErrorRoundTrip(t *testing.T) {
	st := models.TaskState{Status: models.StatusSubmitted, Revision: 3}
	st.ID = "t1"
	cases := []struct {
		name   string
		err    error
		code   string
		fields int
		state  bool
	}{
		{"conflict with state", &models.Error{Code: models.ECONFLICT, Key: "error.task.status", State: st}, models.ECONFLICT, 0, true},
		{"invalid with fields", models.Invalid(models.FieldError{Field: "births", Rule: "required"}), models.EINVALID, 1, false},
		{"forbidden", &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"}, models.EFORBIDDEN, 0, false},
		{"write failed", temporal.NewTimeoutError(0, errors.New("db")), models.EUNAVAILABLE, 0, false},
		{"unexpected", errors.New("boom"), models.EINTERNAL, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := overTheWire(task.ToApplicationError(c.err))
			var ae *temporal.ApplicationError
			if !errors.As(got, &ae) || ae.Type() != c.code {
				t.Fatalf("got %v, want ApplicationError of type %s", got, c.code)
			}
			var fields []models.FieldError
			var state *models.TaskState
			var key string
			if err := ae.Details(&fields, &state, &key); err != nil {
				t.Fatalf("details: %v", err)
			}
			if len(fields) != c.fields || (state != nil) != c.state || key == "" {
				t.Errorf("details: fields %v state %v key %q", fields, state, key)
			}
			e := task.FromApplicationError(got)
			if e.Code != c.code || len(e.Fields) != c.fields {
				t.Errorf("FromApplicationError: %+v", e)
			}
			if c.state {
				if s, ok := e.State.(models.TaskState); !ok || s.ID != "t1" || s.Revision != 3 {
					t.Errorf("state %+v", e.State)
				}
			}
		})
	}
	if task.ToApplicationError(nil) != nil || task.FromApplicationError(nil) != nil {
		t.Error("nil must stay nil")
	}
}
