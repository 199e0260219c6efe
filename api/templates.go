package api

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/models"
	"dsflow/store"
	"dsflow/templates"
)

type listTemplatesQuery struct {
	Kind string `form:"kind" json:"kind"`
}

// templateSummary is a template version in a list.
type templateSummary struct {
	ID        uint        `json:"id"`
	Key       string      `json:"key"`
	Version   int         `json:"version"`
	Kind      string      `json:"kind"`
	Title     models.Text `json:"title"`
	BuiltIn   bool        `json:"built_in"`
	CreatedAt time.Time   `json:"created_at"`
}

// templateView is one version with its whole definition. LatestVersion
// tells a reader of an older version that a newer one exists.
type templateView struct {
	templateSummary
	LatestVersion int                `json:"latest_version"`
	CreatedBy     uint               `json:"created_by,omitempty"`
	Definition    models.TemplateDef `json:"definition"`
}

func summarizeTemplate(t models.ProcessTemplate) templateSummary {
	return templateSummary{ID: t.ID, Key: t.Key, Version: t.Version, Kind: t.Kind, Title: t.Title(), BuiltIn: t.BuiltIn,
		CreatedAt: t.CreatedAt.In(ict)}
}

// templateDefinitions saves and shows process templates (definitions.go).
var templateDefinitions = definitions[models.TemplateDef, models.ProcessTemplate]{
	noun: "template", location: "/api/v1/templates/", validate: templates.Validate, units: templateUnits,
	create: (*store.Store).CreateTemplate, addVersion: (*store.Store).AddTemplateVersion,
	load: (*store.Store).GetTemplate, latest: (*store.Store).LatestTemplate,
	id:  func(t *models.ProcessTemplate) uint { return t.ID },
	key: func(t *models.ProcessTemplate) string { return t.Key },
	show: func(row, latest *models.ProcessTemplate) (any, error) {
		def, err := row.Definition()
		return &templateView{templateSummary: summarizeTemplate(*row), LatestVersion: latest.Version, CreatedBy: row.CreatedBy, Definition: def}, err
	},
}

// templateUnits are the units a template tells of escalations, its own
// and its steps'.
func templateUnits(def models.TemplateDef) []namedUnit {
	var out []namedUnit
	add := func(prefix string, e *models.Escalation) {
		if e == nil {
			return
		}
		for i, id := range e.NotifyUnits {
			out = append(out, namedUnit{field: fmt.Sprintf("%sescalation.notify_units[%d]", prefix, i), id: id})
		}
	}
	add("", def.Escalation)
	for j, st := range def.Steps {
		add(fmt.Sprintf("steps[%d].", j), st.Escalation)
	}
	return out
}

// handleListTemplates lists the newest version of every template.
func (s *Server) handleListTemplates(c *gin.Context) {
	var q listTemplatesQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	if q.Kind != "" && !slices.Contains(models.TemplateKinds, q.Kind) {
		s.respondError(c, models.Invalid(models.FieldError{Field: "kind", Rule: "oneof", Param: strings.Join(models.TemplateKinds, " ")}))
		return
	}
	rows, err := s.store.ListTemplates(c.Request.Context(), store.TemplateFilter{Kind: q.Kind})
	listed(s, c, rows, err, summarizeTemplate)
}

// handleGetTemplate returns one version, old or new, with its definition.
func (s *Server) handleGetTemplate(c *gin.Context) { templateDefinitions.get(s, c) }

// handleCreateTemplate saves a new template as version 1 of its key. With
// an Idempotency-Key a retry gets the first answer.
func (s *Server) handleCreateTemplate(c *gin.Context) { templateDefinitions.createNew(s, c) }

// handleAddTemplateVersion saves a definition as the next version under the
// key of template {id}; the versions before stay as they were, for the
// processes that run on them. With an Idempotency-Key a retry gets the
// first answer, not a third version.
func (s *Server) handleAddTemplateVersion(c *gin.Context) { templateDefinitions.createVersion(s, c) }
