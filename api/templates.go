package api

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/models"
	"dsflow/store"
	"dsflow/templates"
)

type createTemplateRequest struct {
	Key        string              `json:"key" validate:"required"`
	Definition *models.TemplateDef `json:"definition" validate:"required"`
}

type addTemplateVersionRequest struct {
	Definition *models.TemplateDef `json:"definition" validate:"required"`
}

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
	if err != nil {
		s.respondError(c, internal(err, "list templates"))
		return
	}
	out := make([]templateSummary, 0, len(rows))
	for _, t := range rows {
		out = append(out, summarizeTemplate(t))
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// handleGetTemplate returns one version, old or new, with its definition.
func (s *Server) handleGetTemplate(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.respondError(c, err)
		return
	}
	view, err := s.templateView(c.Request.Context(), id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, view)
}

// handleCreateTemplate saves a new template as version 1 of its key. With
// an Idempotency-Key a retry gets the first answer.
func (s *Server) handleCreateTemplate(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req createTemplateRequest
		if err := s.decodeJSON(body, &req); err != nil {
			return 0, nil, err
		}
		var fields []models.FieldError
		if !templates.ValidKey(req.Key) {
			fields = append(fields, models.FieldError{Field: "key", Rule: "format", Param: templates.KeyFormat()})
		}
		if err := checkDefinition(*req.Definition, fields); err != nil {
			return 0, nil, err
		}
		row, err := s.store.CreateTemplate(ctx, req.Key, *req.Definition, currentUser(c).ID)
		if err != nil {
			return 0, nil, internal(err, "create template")
		}
		return s.created(ctx, c, row.ID)
	})
}

// handleAddTemplateVersion saves a definition as the next version under the
// key of template {id}; the versions before stay as they were, for the
// processes that run on them. With an Idempotency-Key a retry gets the
// first answer, not a third version.
func (s *Server) handleAddTemplateVersion(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.respondError(c, err)
		return
	}
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req addTemplateVersionRequest
		if err := s.decodeJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if err := checkDefinition(*req.Definition, nil); err != nil {
			return 0, nil, err
		}
		row, err := s.store.AddTemplateVersion(ctx, id, *req.Definition, currentUser(c).ID)
		if err != nil {
			return 0, nil, internal(err, "add template version")
		}
		return s.created(ctx, c, row.ID)
	})
}

// checkDefinition adds the definition's faults, under "definition.", to
// fields and returns them as one EINVALID, or nil when there are none.
func checkDefinition(def models.TemplateDef, fields []models.FieldError) error {
	for _, e := range templates.Validate(def) {
		e.Field = "definition." + e.Field
		fields = append(fields, e)
	}
	if len(fields) > 0 {
		return models.Invalid(fields...)
	}
	return nil
}

// created answers a save with the new version, as GET would show it.
func (s *Server) created(ctx context.Context, c *gin.Context, id uint) (int, any, error) {
	view, err := s.templateView(ctx, id)
	if err != nil {
		return 0, nil, err
	}
	c.Header("Location", "/api/v1/templates/"+itoa(id))
	return http.StatusCreated, view, nil
}

// templateView loads version id and the number of its key's newest.
// ENOTFOUND.
func (s *Server) templateView(ctx context.Context, id uint) (*templateView, error) {
	row, err := s.store.GetTemplate(ctx, id)
	if err != nil {
		return nil, internal(err, "load template")
	}
	def, err := row.Definition()
	if err != nil {
		return nil, internal(err, "decode template")
	}
	latest, err := s.store.LatestTemplate(ctx, row.Key)
	if err != nil {
		return nil, internal(err, "load latest template")
	}
	return &templateView{templateSummary: summarizeTemplate(*row), LatestVersion: latest.Version, CreatedBy: row.CreatedBy, Definition: def}, nil
}
