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
	cases := []struct {
		name   string
		err    error
		code   string
		fields int
	}{
		{"conflict", &models.Error{Code: models.ECONFLICT, Key: "error.task.status"}, models.ECONFLICT, 0},
		{"invalid with fields", models.Invalid(models.FieldError{Field: "births", Rule: "required"}), models.EINVALID, 1},
		{"forbidden", &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"}, models.EFORBIDDEN, 0},
		{"draining", &models.Error{Code: task.CodeDraining, Key: "error.task.draining"}, task.CodeDraining, 0},
		{"write failed", temporal.NewTimeoutError(0, errors.New("db")), models.EUNAVAILABLE, 0},
		{"unexpected", errors.New("boom"), models.EINTERNAL, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := overTheWire(task.ToApplicationError(c.err))
			var ae *temporal.ApplicationError
			if !errors.As(got, &ae) || ae.Type() != c.code {
				t.Fatalf("got %v, want ApplicationError of type %s", got, c.code)
			}
			var fields []models.FieldError
			var key string
			if err := ae.Details(&fields, &key); err != nil {
				t.Fatalf("details: %v", err)
			}
			if len(fields) != c.fields || key == "" {
				t.Errorf("details: fields %v key %q", fields, key)
			}
			e := task.FromApplicationError(got)
			if e.Code != c.code || len(e.Fields) != c.fields || e.Key != key {
				t.Errorf("FromApplicationError: %+v", e)
			}
		})
	}
	if task.ToApplicationError(nil) != nil || task.FromApplicationError(nil) != nil {
		t.Error("nil must stay nil")
	}
}
