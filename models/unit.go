package models

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Unit levels. The tree's depth is data: a province may hold districts or,
// since the 2025 reform, communes directly.
const (
	LevelNational = "national" // trung ương: the ministry's population office
	LevelProvince = "province" // tỉnh / thành phố
	LevelDistrict = "district" // quận / huyện / thị xã
	LevelCommune  = "commune"  // xã / phường / thị trấn
	LevelVillage  = "village"  // thôn / tổ dân phố
)

// Levels lists the known unit levels from the top down.
var Levels = []string{LevelNational, LevelProvince, LevelDistrict, LevelCommune, LevelVillage}

// ValidLevel reports whether l is a known level.
func ValidLevel(l string) bool {
	for _, x := range Levels {
		if x == l {
			return true
		}
	}
	return false
}

// Unit is an administrative unit (đơn vị hành chính). Path is the
// materialized path of IDs from the root, "/1/5/77/", so a subtree is one
// prefix condition.
type Unit struct {
	ID         uint      `gorm:"primaryKey" json:"id"`
	Code       *string   `gorm:"uniqueIndex;size:32" json:"code,omitempty"`
	Name       string    `gorm:"size:200;not null" json:"name"`
	SearchName string    `gorm:"size:200;not null;index" json:"-"`
	Level      string    `gorm:"size:20;not null" json:"level"`
	ParentID   *uint     `gorm:"index" json:"parent_id,omitempty"`
	Path       string    `gorm:"size:400;not null;index" json:"path"`
	Depth      int       `gorm:"not null" json:"depth"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// UnitPath builds the materialized path of a unit under parentPath.
func UnitPath(parentPath string, id uint) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return fmt.Sprintf("%s%d/", parentPath, id)
}

// PathContains reports whether the subtree at ancestor contains the unit
// at path (the ancestor's own path included). It is the one subtree test
// in Go: the store's SQL form of it (store.subtree, a range on the
// materialized path that an index answers) must agree with it, and a store
// test holds the two to the same answers. Paths are whole, ending in "/",
// which is what keeps "/1/" from containing "/10/"; an ancestor without
// that "/" (the empty scope of a user without a unit) contains nothing.
func PathContains(ancestor, path string) bool {
	return strings.HasSuffix(ancestor, "/") && strings.HasPrefix(path, ancestor)
}

// IsRootPath reports whether path is a root unit's: the national level,
// whose admins alone keep what concerns the whole country (the holiday
// calendar, national audit entries).
func IsRootPath(path string) bool {
	ids := PathIDs(path)
	return len(ids) == 1 && path == UnitPath("", ids[0])
}

// PathIDs returns the unit IDs along a path, root first.
func PathIDs(path string) []uint {
	var ids []uint
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		var id uint
		if _, err := fmt.Sscan(p, &id); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// unitIDRefPrefix marks a unit reference as an ID. Requests name units by
// GSO code or by ID, and codes are numbers too (38 is Thanh Hóa's code
// whatever unit has ID 38): "id:38" is the unit with ID 38, beyond doubt.
// Codes never hold a colon (unitcsv checks their format).
const unitIDRefPrefix = "id:"

// UnitIDRef is the reference that names the unit with id by its ID, never
// read as a code: what a page sends when the user picked a unit.
func UnitIDRef(id uint) string {
	return unitIDRefPrefix + strconv.FormatUint(uint64(id), 10)
}

// ParseUnitIDRef reads a reference made by UnitIDRef; ok is false when
// ref is not one (a code, or a bare number read as a code first).
func ParseUnitIDRef(ref string) (id uint, ok bool) {
	digits, found := strings.CutPrefix(ref, unitIDRefPrefix)
	if !found {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n == 0 || strconv.FormatUint(n, 10) != digits {
		return 0, false
	}
	return uint(n), true
}
