package forms

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"dsflow/models"
)

// Normalize returns the copy of data that is stored and hashed: numbers of
// numeric fields as float64 (so 3, int64(3), json.Number("3.0") and 3.0 are
// one value), strings trimmed, and keys the form does not define dropped.
// Absent, null and blank values are dropped too, because ValidateData treats
// them alike and the hash must not tell them apart. It does not repair
// invalid values (a count of 2.5 stays 2.5): validate first. data is not
// modified.
func Normalize(spec models.FormSpec, data map[string]any) map[string]any {
	out := make(map[string]any, len(spec.Fields))
	for _, f := range spec.Fields {
		v, ok := data[f.Name]
		if !ok || isEmpty(v) {
			continue
		}
		if isNumeric(f.Type) {
			if n, ok := toFloat(v); ok {
				out[f.Name] = canonFloat(n)
				continue
			}
		}
		if s, ok := v.(string); ok {
			v = strings.TrimSpace(s)
		}
		out[f.Name] = v
	}
	return out
}

// FileIDs returns the attachment IDs that the form's file fields reference,
// trimmed, sorted and without duplicates, so the caller can check that they
// exist and link them to the submission. It never returns nil.
func FileIDs(spec models.FormSpec, data map[string]any) []string {
	ids := []string{}
	for _, f := range spec.Fields {
		if f.Type != models.FieldFile {
			continue
		}
		if s, ok := data[f.Name].(string); ok && strings.TrimSpace(s) != "" {
			ids = append(ids, strings.TrimSpace(s))
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// ContentHash returns the hex SHA-256 that a sign-off decision records, so a
// later change to the data or its attachments is detectable. The hashed bytes
// are the JSON of {"attachments": sorted distinct IDs, "data": data}: map keys
// are sorted at every level by encoding/json, every number is rewritten as a
// float64 (with -0 as 0) so its formatting does not depend on how it was
// decoded, and HTML escaping is off. Pass Normalize's output as data. Nil and
// empty data, and nil and empty IDs, hash the same.
func ContentHash(data map[string]any, attachmentIDs []string) string {
	ids := slices.Clone(attachmentIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if ids == nil {
		ids = []string{}
	}
	doc := map[string]any{"attachments": ids, "data": canonical(data)}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		// Only values JSON cannot hold (channels, funcs, invalid json.Number)
		// get here; fmt prints maps sorted, so this is still deterministic.
		buf.Reset()
		fmt.Fprintf(&buf, "%#v", doc)
	}
	sum := sha256.Sum256(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:])
}

// canonical rewrites a decoded JSON value for hashing: maps and slices are
// copied with canonical elements, numbers become finite float64 (NaN and ±Inf,
// which JSON cannot encode, become the strings "NaN", "+Inf" and "-Inf").
func canonical(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = canonical(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = canonical(e)
		}
		return s
	case bool, string, nil:
		return x
	}
	n, ok := toFloat(v)
	switch {
	case !ok:
		return v
	case math.IsNaN(n):
		return "NaN"
	case math.IsInf(n, 1):
		return "+Inf"
	case math.IsInf(n, -1):
		return "-Inf"
	}
	return canonFloat(n)
}
