package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"dsflow/models"
)

// inspectorView is an inspector a planner may put on a team: no more than
// the team's list shows.
type inspectorView struct {
	ID       uint   `json:"id"`
	FullName string `json:"full_name"`
}

// handleListInspectors runs GET /inspectors: the active inspectors of the
// caller's own unit, the only people an inspection the caller plans may
// take as its lead and members (see checkInspection). Planners are not
// user admins, so they cannot list users; this is the little they need.
func (s *Server) handleListInspectors(c *gin.Context) {
	me := currentUser(c)
	users, err := s.store.UsersWithRole(c.Request.Context(), me.UnitID, models.RoleInspector)
	if err != nil {
		s.respondError(c, internal(err, "list inspectors"))
		return
	}
	out := make([]inspectorView, 0, len(users))
	for _, u := range users {
		out = append(out, inspectorView{ID: u.ID, FullName: u.FullName})
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}
