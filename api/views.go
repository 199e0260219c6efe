package api

import (
	"time"

	"dsflow/calendar"
	"dsflow/models"
	"dsflow/store"
)

// ict is the time zone every time in a response is given in.
var ict = calendar.Location()

type unitView struct {
	ID       uint    `json:"id"`
	Code     *string `json:"code,omitempty"`
	Name     string  `json:"name"`
	Level    string  `json:"level"`
	ParentID *uint   `json:"parent_id,omitempty"`
	Path     string  `json:"path"`
	Depth    int     `json:"depth"`
}

func viewUnit(u models.Unit) unitView {
	return unitView{ID: u.ID, Code: u.Code, Name: u.Name, Level: u.Level, ParentID: u.ParentID, Path: u.Path, Depth: u.Depth}
}

type userView struct {
	ID        uint      `json:"id"`
	Username  string    `json:"username"`
	FullName  string    `json:"full_name"`
	Email     string    `json:"email,omitempty"`
	Roles     []string  `json:"roles"`
	Active    bool      `json:"active"`
	Unit      *unitView `json:"unit,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

func viewUser(u *models.User) userView {
	v := userView{ID: u.ID, Username: u.Username, FullName: u.FullName, Email: u.Email, Roles: u.RoleList(), Active: u.Active,
		CreatedAt: u.CreatedAt.In(ict)}
	if v.Roles == nil {
		v.Roles = []string{}
	}
	if u.Unit != nil {
		uv := viewUnit(*u.Unit)
		v.Unit = &uv
	}
	return v
}

// storeScopeAll reads without a subtree limit, for rows the caller has
// already been authorised for.
var storeScopeAll = store.Scope{Path: "/"}
