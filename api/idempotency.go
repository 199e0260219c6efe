package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/models"
)

// idempotencyWindow is how long the first answer to a key is kept.
const idempotencyWindow = 24 * time.Hour

// readBody reads the request body (at most 1 MiB).
func readBody(c *gin.Context) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, 1<<20+1))
	if err != nil {
		return nil, &models.Error{Code: models.EINVALID, Key: "error.bad_json", Err: err}
	}
	if len(body) > 1<<20 {
		return nil, &models.Error{Code: models.EINVALID, Key: "error.too_large"}
	}
	return body, nil
}

// idempotencyKey returns the request's Idempotency-Key ("" when absent).
func idempotencyKey(c *gin.Context) (string, error) {
	key := c.GetHeader("Idempotency-Key")
	if len(key) > 200 {
		return "", models.Invalid(models.FieldError{Field: "Idempotency-Key", Rule: "max", Param: "200"})
	}
	return key, nil
}

// derivedID turns (user, key, what) into a stable ID for Temporal: the
// same key from the same user always names the same update or workflow.
func derivedID(userID uint, key string, parts ...string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s", userID, key)
	for _, p := range parts {
		fmt.Fprintf(h, "\x00%s", p)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// once runs a POST at most once per (user, Idempotency-Key): a repeat with
// the same body gets the first successful answer again and changes nothing;
// the same key with another body is refused. Without a key fn just runs.
//
// fn gets a context that outlives the client's connection (bounded by the
// command wait): a phone that loses signal mid-command does not abort the
// command half-way, and its outcome is recorded as the key's first answer
// for the retry.
func (s *Server) once(c *gin.Context, body []byte, fn func(ctx context.Context) (int, any, error)) {
	key, err := idempotencyKey(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	user := currentUser(c)
	fp := sha256.Sum256(append([]byte(c.Request.Method+" "+c.Request.URL.Path+"\n"), body...))
	fingerprint := hex.EncodeToString(fp[:])
	ctx := c.Request.Context()
	if key != "" {
		rec, err := s.store.GetIdempotency(ctx, user.ID, key, idempotencyWindow)
		if err != nil {
			s.respondError(c, internal(err, "read idempotency record"))
			return
		}
		if rec != nil {
			if rec.Fingerprint != fingerprint {
				s.respondError(c, &models.Error{Code: models.EINVALID, Key: "error.idempotency_mismatch"})
				return
			}
			c.Header("Idempotent-Replayed", "true")
			c.Data(rec.Status, "application/json; charset=utf-8", []byte(rec.Body))
			return
		}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.commandWait)
	defer cancel()
	status, out, err := fn(ctx)
	if err != nil {
		s.respondError(c, err)
		return
	}
	encoded, err := json.Marshal(out)
	if err != nil {
		s.respondError(c, internal(err, "encode response"))
		return
	}
	if key != "" && status < 300 {
		err := s.store.PutIdempotency(ctx, models.IdempotencyRecord{UserID: user.ID, Key: key, Fingerprint: fingerprint, Status: status, Body: string(encoded)})
		s.logNonFatal(c, "store idempotency record", err)
	}
	c.Data(status, "application/json; charset=utf-8", encoded)
}

// decodeBody decodes a JSON body strictly and validates it; an empty body
// is an empty object.
func (s *Server) decodeBody(body []byte, dst any) error {
	if len(body) == 0 {
		body = []byte("{}")
	}
	if err := decodeStrict(body, dst); err != nil {
		return err
	}
	return s.check(dst)
}
