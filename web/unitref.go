package web

import (
	"strconv"

	"dsflow/models"
)

// apiUnitRef is how a page names to the API a unit it holds by ID (a picker's
// value, a drill-down's ?unit=): "id:N", which the API never reads as a
// GSO code. A bare number would be read as a code first, and codes are
// numbers too: Quận Tân Phú's ID 38 is Tỉnh Thanh Hóa's code. Anything
// else (a code typed into the address, an "id:N" already) passes as is.
func apiUnitRef(v string) string {
	id, err := strconv.ParseUint(v, 10, 32)
	if err != nil || id == 0 {
		return v
	}
	return models.UnitIDRef(uint(id))
}

// apiUnitRefs is apiUnitRef of each, never nil (the API wants a list).
func apiUnitRefs(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, apiUnitRef(v))
	}
	return out
}
