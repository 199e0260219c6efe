package models

import (
	"strings"
	"time"
)

// Roles. What each may do is decided in package authz.
const (
	RoleAdmin     = "admin"     // quản trị
	RoleLeader    = "leader"    // trưởng/phó BCĐ
	RoleSecretary = "secretary" // thư ký BCĐ
	RoleInspector = "inspector" // thành viên đoàn kiểm tra
	RoleOfficer   = "officer"   // cán bộ dân số, cộng tác viên
	RoleHealth    = "health"    // cán bộ y tế (trạm y tế xã): screening cases and their personal data
)

// Roles lists every role.
var Roles = []string{RoleAdmin, RoleLeader, RoleSecretary, RoleInspector, RoleOfficer, RoleHealth}

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// User is a local account bound to one unit.
type User struct {
	ID           uint      `gorm:"primaryKey" json:"id"`
	Username     string    `gorm:"size:64;uniqueIndex;not null" json:"username"`
	PasswordHash string    `gorm:"size:200;not null" json:"-"`
	FullName     string    `gorm:"size:200" json:"full_name"`
	Email        string    `gorm:"size:200" json:"email,omitempty"`
	UnitID       uint      `gorm:"not null;index" json:"unit_id"`
	Unit         *Unit     `gorm:"foreignKey:UnitID" json:"unit,omitempty"`
	RolesCSV     string    `gorm:"column:roles;size:200;not null" json:"-"`
	Active       bool      `gorm:"not null;default:true" json:"active"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	// SearchName is the username and full name folded, for the users
	// list's search; the store fills it.
	SearchName string `gorm:"not null" json:"-"`
}

// RoleList returns the user's roles.
func (u *User) RoleList() []string {
	if u.RolesCSV == "" {
		return nil
	}
	return strings.Split(u.RolesCSV, ",")
}

// SetRoles stores roles as a comma-separated list.
func (u *User) SetRoles(roles []string) { u.RolesCSV = strings.Join(roles, ",") }

// HasRole reports whether the user holds role r.
func (u *User) HasRole(r string) bool {
	for _, x := range u.RoleList() {
		if x == r {
			return true
		}
	}
	return false
}

// Session is a login: the token itself is never stored, only its SHA-256.
type Session struct {
	TokenHash string     `gorm:"primaryKey;size:64"`
	UserID    uint       `gorm:"not null;index"`
	ExpiresAt time.Time  `gorm:"not null"`
	RevokedAt *time.Time ``
	CreatedAt time.Time
}

// Actor is who performs a command, as the API authenticated them. It travels
// in workflow commands (IDs and roles only, no personal data).
type Actor struct {
	UserID   uint     `json:"user_id"`
	UnitID   uint     `json:"unit_id"`
	UnitPath string   `json:"unit_path"`
	Roles    []string `json:"roles"`
}

// Has reports whether the actor holds role r.
func (a Actor) Has(r string) bool {
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// System is the actor of automatic transitions (timers, escalations).
var System = Actor{}
