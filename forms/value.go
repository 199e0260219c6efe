package forms

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"dsflow/models"
)

// toFloat reads the numeric shapes a value may arrive in: float64 from
// encoding/json, json.Number when the decoder used UseNumber, and Go integer
// or float types when a caller builds the map in code. ok is false for
// anything else, including json.Number text that is not a finite-or-infinite
// number; finiteness is the caller's check.
func toFloat(v any) (f float64, ok bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int8:
		return float64(n), true
	case int16:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint8:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint64:
		return float64(n), true
	case json.Number:
		f, err := strconv.ParseFloat(strings.TrimSpace(string(n)), 64)
		if err != nil {
			return 0, false
		}
		return f, true
	}
	return 0, false
}

// canonFloat folds negative zero into zero: JSON encodes them differently
// ("-0" vs "0"), and the hash must not tell apart values that compare equal.
func canonFloat(f float64) float64 {
	if f == 0 {
		return 0
	}
	return f
}

// finite reports whether f is an ordinary number; NaN and ±Inf cannot be
// stored as JSON and never make sense as a measurement.
func finite(f float64) bool {
	return !math.IsNaN(f) && !math.IsInf(f, 0)
}

// isEmpty reports whether a submitted value counts as "not filled in". A
// blank string is what an HTML form sends for an untouched input, so it is
// treated like an absent key; false and 0 are real answers and are not empty.
func isEmpty(v any) bool {
	switch s := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(s) == ""
	case json.Number:
		return strings.TrimSpace(string(s)) == ""
	}
	return false
}

// isNumeric reports whether a field type holds a number, i.e. whether it can
// take part in a cross-field rule.
func isNumeric(typ string) bool {
	switch typ {
	case models.FieldNumber, models.FieldPercent, models.FieldCount:
		return true
	}
	return false
}

// formatFloat renders a bound for FieldError.Param in the shortest plain
// decimal form, so a message reads "≤ 300", not "≤ 3e+02".
func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
