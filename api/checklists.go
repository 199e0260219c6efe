package api

import (
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/checklists"
	"dsflow/models"
	"dsflow/store"
)

// checklistSummary is a checklist version in a list.
type checklistSummary struct {
	ID        uint        `json:"id"`
	Key       string      `json:"key"`
	Version   int         `json:"version"`
	Title     models.Text `json:"title"`
	BuiltIn   bool        `json:"built_in"`
	CreatedAt time.Time   `json:"created_at"`
}

// checklistView is one version with its whole definition. LatestVersion
// tells a reader of an older version (an inspection's) that a newer one
// exists.
type checklistView struct {
	checklistSummary
	LatestVersion int                 `json:"latest_version"`
	CreatedBy     uint                `json:"created_by,omitempty"`
	Definition    models.ChecklistDef `json:"definition"`
}

func summarizeChecklist(t models.ChecklistTemplate) checklistSummary {
	return checklistSummary{ID: t.ID, Key: t.Key, Version: t.Version, Title: t.Title(), BuiltIn: t.BuiltIn, CreatedAt: t.CreatedAt.In(ict)}
}

// checklistDefinitions saves and shows checklist templates
// (definitions.go).
var checklistDefinitions = definitions[models.ChecklistDef, models.ChecklistTemplate]{
	noun: "checklist", location: "/api/v1/checklists/", validate: checklists.Validate,
	create: (*store.Store).CreateChecklist, addVersion: (*store.Store).AddChecklistVersion,
	load: (*store.Store).GetChecklist, latest: (*store.Store).LatestChecklist,
	id:  func(t *models.ChecklistTemplate) uint { return t.ID },
	key: func(t *models.ChecklistTemplate) string { return t.Key },
	show: func(row, latest *models.ChecklistTemplate) (any, error) {
		def, err := row.Definition()
		return &checklistView{checklistSummary: summarizeChecklist(*row), LatestVersion: latest.Version, CreatedBy: row.CreatedBy, Definition: def}, err
	},
}

// handleListChecklists lists the newest version of every checklist
// template, the built-in ones included.
func (s *Server) handleListChecklists(c *gin.Context) {
	rows, err := s.store.ListChecklists(c.Request.Context())
	listed(s, c, rows, err, summarizeChecklist)
}

// handleGetChecklist returns one version, old or new, with its definition.
func (s *Server) handleGetChecklist(c *gin.Context) { checklistDefinitions.get(s, c) }

// handleCreateChecklist saves a new checklist template as version 1 of its
// key. With an Idempotency-Key a retry gets the first answer.
func (s *Server) handleCreateChecklist(c *gin.Context) { checklistDefinitions.createNew(s, c) }

// handleAddChecklistVersion saves a definition as the next version under
// the key of checklist {id}; the versions before stay as they were, for the
// inspections that use them.
func (s *Server) handleAddChecklistVersion(c *gin.Context) { checklistDefinitions.createVersion(s, c) }
