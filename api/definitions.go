package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"dsflow/models"
	"dsflow/store"
)

// Process templates and checklist templates are versioned definitions,
// saved and read the same way: POST creates version 1 of a new key, POST
// …/{id}/versions adds the next version of the key, GET …/{id} shows any
// version with the number of its key's newest. A definition is validated
// whole on save and each fault is named by its JSON path under
// "definition."; nothing is saved then. With an Idempotency-Key a retry
// gets the first answer, not another version. definitions describes one
// kind (D its definition, R its row); the handlers of both kinds are
// these.
type definitions[D, R any] struct {
	noun     string // "template": in internal errors
	location string // where a version is read: "/api/v1/templates/"
	validate func(D) []models.FieldError
	// units lists the units a definition names, by JSON path under
	// "definition." (nil: it names none). Each must be a unit of the
	// saver's subtree: a province admin's template may not tell another
	// province's leaders of its escalations.
	units func(D) []namedUnit
	// The store's methods that save a version, load one by ID, and load
	// the newest of a key.
	create     func(st *store.Store, ctx context.Context, key string, def D, by uint) (*R, error)
	addVersion func(st *store.Store, ctx context.Context, id uint, def D, by uint) (*R, error)
	load       func(st *store.Store, ctx context.Context, id uint) (*R, error)
	latest     func(st *store.Store, ctx context.Context, key string) (*R, error)
	id         func(*R) uint
	key        func(*R) string
	// show is a version as GET shows it, given the newest of its key.
	show func(row, latest *R) (any, error)
}

type createDefinitionRequest[D any] struct {
	Key        string `json:"key" validate:"required"`
	Definition *D     `json:"definition" validate:"required"`
}

type addVersionRequest[D any] struct {
	Definition *D `json:"definition" validate:"required"`
}

// get answers GET …/{id}: one version, old or new, with its definition.
func (d definitions[D, R]) get(s *Server, c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.respondError(c, err)
		return
	}
	view, err := d.view(c.Request.Context(), s, id)
	if err != nil {
		s.respondError(c, internal(err, "load "+d.noun))
		return
	}
	c.JSON(http.StatusOK, view)
}

// createNew answers POST: version 1 of a new key.
func (d definitions[D, R]) createNew(s *Server, c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req createDefinitionRequest[D]
		if err := s.decodeJSON(body, &req); err != nil {
			return 0, nil, err
		}
		var fields []models.FieldError
		if !models.ValidTemplateKey(req.Key) {
			fields = append(fields, models.FieldError{Field: "key", Rule: "format", Param: models.TemplateKeyFormat()})
		}
		if err := d.check(*req.Definition, fields); err != nil {
			return 0, nil, err
		}
		if err := d.checkUnits(ctx, s, c, *req.Definition); err != nil {
			return 0, nil, err
		}
		row, err := d.create(s.store, ctx, req.Key, *req.Definition, currentUser(c).ID)
		if err != nil {
			return 0, nil, internal(err, "create "+d.noun)
		}
		return d.created(ctx, s, c, d.id(row))
	})
}

// createVersion answers POST …/{id}/versions: the next version under the
// key of version {id}; the versions before stay as they were, for what
// runs on them.
func (d definitions[D, R]) createVersion(s *Server, c *gin.Context) {
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
		var req addVersionRequest[D]
		if err := s.decodeJSON(body, &req); err != nil {
			return 0, nil, err
		}
		if err := d.check(*req.Definition, nil); err != nil {
			return 0, nil, err
		}
		if err := d.checkUnits(ctx, s, c, *req.Definition); err != nil {
			return 0, nil, err
		}
		row, err := d.addVersion(s.store, ctx, id, *req.Definition, currentUser(c).ID)
		if err != nil {
			return 0, nil, internal(err, "add "+d.noun+" version")
		}
		return d.created(ctx, s, c, d.id(row))
	})
}

// check adds the definition's faults, under "definition.", to fields and
// returns them as one EINVALID, or nil when there are none.
func (d definitions[D, R]) check(def D, fields []models.FieldError) error {
	for _, e := range d.validate(def) {
		e.Field = "definition." + e.Field
		fields = append(fields, e)
	}
	if len(fields) > 0 {
		return models.Invalid(fields...)
	}
	return nil
}

// namedUnit is a unit a definition names, and where.
type namedUnit struct {
	field string
	id    uint
}

// checkUnits refuses, as EINVALID naming each, the units the definition
// names that do not exist or lie outside the caller's subtree.
func (d definitions[D, R]) checkUnits(ctx context.Context, s *Server, c *gin.Context, def D) error {
	if d.units == nil {
		return nil
	}
	var fields []models.FieldError
	for _, u := range d.units(def) {
		if _, err := s.store.GetUnit(ctx, scopeOf(c), u.id); err != nil {
			if models.ErrorCode(err) != models.ENOTFOUND {
				return internal(err, "load unit of "+d.noun)
			}
			fields = append(fields, models.FieldError{Field: "definition." + u.field, Rule: "unit"})
		}
	}
	if len(fields) > 0 {
		return models.Invalid(fields...)
	}
	return nil
}

// view loads version id as GET shows it, with the number of its key's
// newest version. ENOTFOUND.
func (d definitions[D, R]) view(ctx context.Context, s *Server, id uint) (any, error) {
	row, err := d.load(s.store, ctx, id)
	if err != nil {
		return nil, internal(err, "load "+d.noun)
	}
	latest, err := d.latest(s.store, ctx, d.key(row))
	if err != nil {
		return nil, internal(err, "load latest "+d.noun)
	}
	view, err := d.show(row, latest)
	if err != nil {
		return nil, internal(err, "decode "+d.noun)
	}
	return view, nil
}

// created answers a save with the new version, as GET would show it.
func (d definitions[D, R]) created(ctx context.Context, s *Server, c *gin.Context, id uint) (int, any, error) {
	view, err := d.view(ctx, s, id)
	if err != nil {
		return 0, nil, internal(err, "load "+d.noun)
	}
	c.Header("Location", d.location+itoa(id))
	return http.StatusCreated, view, nil
}

// listed answers a list of versions, each as summarize shows it, or the
// error the list came with.
func listed[R, V any](s *Server, c *gin.Context, rows []R, err error, summarize func(R) V) {
	if err != nil {
		s.respondError(c, internal(err, "list versions"))
		return
	}
	out := make([]V, 0, len(rows))
	for _, r := range rows {
		out = append(out, summarize(r))
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}
