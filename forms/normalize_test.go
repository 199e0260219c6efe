package forms

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"dsflow/models"
)

func TestNormalize(t *testing.T) {
	type m = map[string]any
	tests := []struct {
		name string
		data map[string]any
		want map[string]any
	}{
		{"nil data", nil, m{}},
		{"numbers become float64", m{"screened": 12, "pregnant": json.Number("3.0"), "weight": float32(1.5), "rate": int64(7)},
			m{"screened": 12.0, "pregnant": 3.0, "weight": 1.5, "rate": 7.0}},
		{"negative zero becomes zero", m{"temp": math.Copysign(0, -1)}, m{"temp": 0.0}},
		{"strings trimmed", m{"note": "  hi \n", "district": " ba_dinh", "visit_date": "2024-01-05 ", "photo": " att_1 "},
			m{"note": "hi", "district": "ba_dinh", "visit_date": "2024-01-05", "photo": "att_1"}},
		{"unknown and empty dropped", m{"extra": 1, "note": "   ", "weight": nil, "consent": false},
			m{"consent": false}},
		{"invalid kept as is", m{"weight": "70", "pregnant": 2.5}, m{"weight": "70", "pregnant": 2.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(dataSpec, tt.data)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Normalize() = %#v, want %#v", got, tt.want)
			}
			for k, v := range got {
				if f, ok := v.(float64); ok && math.Signbit(f) && f == 0 {
					t.Errorf("Normalize()[%q] is -0", k)
				}
			}
		})
	}
	t.Run("input untouched", func(t *testing.T) {
		in := m{"note": " hi ", "extra": 1, "screened": 3}
		Normalize(dataSpec, in)
		if want := (m{"note": " hi ", "extra": 1, "screened": 3}); !reflect.DeepEqual(in, want) {
			t.Errorf("input changed to %#v", in)
		}
	})
}

func TestFileIDs(t *testing.T) {
	spec := models.FormSpec{Fields: []models.FormField{
		field("photo", models.FieldFile), field("scan", models.FieldFile),
		field("copy", models.FieldFile), field("note", models.FieldText),
	}}
	tests := []struct {
		name string
		data map[string]any
		want []string
	}{
		{"none", nil, []string{}},
		{"sorted", map[string]any{"photo": "b2", "scan": "a1"}, []string{"a1", "b2"}},
		{"trimmed and distinct", map[string]any{"photo": " a1", "scan": "a1 ", "copy": "c"}, []string{"a1", "c"}},
		{"only string file fields", map[string]any{"photo": 5, "scan": "", "note": "n1", "other": "o"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FileIDs(spec, tt.data); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FileIDs() = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestContentHash(t *testing.T) {
	// Two maps with the same content built in opposite insertion orders,
	// large enough that Go's map layout differs between them.
	keys := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"}
	forward, backward := map[string]any{}, map[string]any{}
	for i, k := range keys {
		forward[k] = float64(i)
		backward[keys[len(keys)-1-i]] = float64(len(keys) - 1 - i)
	}
	forward["nested"] = map[string]any{"y": 1.0, "x": []any{"<&>", true, nil}}
	backward["nested"] = map[string]any{"x": []any{"<&>", true, nil}, "y": 1.0}
	base := map[string]any{"screened": 10.0, "note": "xin chào", "consent": true}

	tests := []struct {
		name       string
		a, b       map[string]any
		idsA, idsB []string
		same       bool
	}{
		{"insertion order", forward, backward, nil, nil, true},
		{"attachment order", base, base, []string{"b", "a"}, []string{"a", "b"}, true},
		{"duplicate attachments", base, base, []string{"a", "a"}, []string{"a"}, true},
		{"nil and empty", nil, map[string]any{}, nil, []string{}, true},
		{"number representations", map[string]any{"n": 3, "m": json.Number("2.50")}, map[string]any{"n": 3.0, "m": 2.5}, nil, nil, true},
		{"negative zero", map[string]any{"n": math.Copysign(0, -1)}, map[string]any{"n": 0.0}, nil, nil, true},
		{"changed value", base, map[string]any{"screened": 11.0, "note": "xin chào", "consent": true}, nil, nil, false},
		{"changed type", map[string]any{"n": 1.0}, map[string]any{"n": "1"}, nil, nil, false},
		{"tiny change", map[string]any{"n": 0.1}, map[string]any{"n": 0.1 + 1e-16}, nil, nil, false},
		{"extra key", base, withKey(base, "pregnant", 0.0), nil, nil, false},
		{"changed attachment", base, base, []string{"a"}, []string{"b"}, false},
		{"data versus attachment", map[string]any{"photo": "a"}, nil, nil, []string{"a"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ha, hb := ContentHash(tt.a, tt.idsA), ContentHash(tt.b, tt.idsB)
			if len(ha) != 64 {
				t.Fatalf("hash %q is not 64 hex digits", ha)
			}
			if (ha == hb) != tt.same {
				t.Errorf("hashes %s and %s: same = %v, want %v", ha, hb, ha == hb, tt.same)
			}
		})
	}
	t.Run("ids slice untouched", func(t *testing.T) {
		ids := []string{"b", "a", "b"}
		ContentHash(nil, ids)
		if !reflect.DeepEqual(ids, []string{"b", "a", "b"}) {
			t.Errorf("ids changed to %v", ids)
		}
	})
	t.Run("non-finite numbers do not panic", func(t *testing.T) {
		if ContentHash(map[string]any{"n": math.NaN()}, nil) == ContentHash(map[string]any{"n": math.Inf(1)}, nil) {
			t.Error("NaN and +Inf hash the same")
		}
	})
}

// TestContentHashGolden pins the encoding: a recorded sign-off hash must still
// verify after any refactoring, so this value may never change.
func TestContentHashGolden(t *testing.T) {
	data := map[string]any{"screened": 10.0, "rate": 12.5, "note": "xin chào <b>", "consent": true, "big": 1e21}
	// SHA-256 of {"attachments":["att_1","att_2"],"data":{"big":1e+21,"consent":true,"note":"xin chào <b>","rate":12.5,"screened":10}}
	const want = "7f5d00abdcbc789e4364eff7cdf2fa7bd56481c520561754adbf85f4d813ff6b"
	if got := ContentHash(data, []string{"att_2", "att_1"}); got != want {
		t.Errorf("ContentHash() = %s, want %s", got, want)
	}
}

func TestValidateDataUnknownType(t *testing.T) {
	spec := models.FormSpec{Fields: []models.FormField{field("x", "money")}}
	want := []models.FieldError{fe("x", "type", "money")}
	if got := ValidateData(spec, map[string]any{"x": "10"}); !reflect.DeepEqual(got, want) {
		t.Errorf("ValidateData() = %v, want %v", got, want)
	}
}

func withKey(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{k: v}
	for mk, mv := range m {
		out[mk] = mv
	}
	return out
}
