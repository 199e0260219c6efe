package authz

import (
	"testing"

	"dsflow/models"
)

func TestAllowed(t *testing.T) {
	cases := []struct {
		roles []string
		p     Permission
		want  bool
	}{
		{[]string{models.RoleLeader}, ExtendTasks, true},
		{[]string{models.RoleSecretary}, ExtendTasks, false},
		{[]string{models.RoleOfficer}, CreateTasks, false},
		{[]string{models.RoleOfficer, models.RoleSecretary}, CreateTasks, true},
		{[]string{models.RoleAdmin}, ManageUsers, true},
		{[]string{models.RoleLeader}, ManageUsers, false},
		{[]string{models.RoleSecretary}, ManageTemplates, true},
		{[]string{models.RoleAdmin}, ManageTemplates, true},
		{[]string{models.RoleLeader}, ManageTemplates, false},
		{[]string{models.RoleLeader}, ViewTemplates, true},
		{[]string{models.RoleInspector}, ViewTemplates, true},
		{[]string{models.RoleOfficer}, ViewTemplates, false},
		{nil, ViewTasks, false},
		{[]string{"ghost"}, ViewTasks, false},
	}
	for _, c := range cases {
		if got := Allowed(c.roles, c.p); got != c.want {
			t.Errorf("Allowed(%v, %s) = %v, want %v", c.roles, c.p, got, c.want)
		}
	}
}
