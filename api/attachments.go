package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"dsflow/models"
)

// maxAttachment is the largest file a task takes (10 MiB: a scanned report
// or a few photos from a phone).
const maxAttachment = 10 << 20

// allowedTypes are the file types people attach: documents, sheets, images.
var allowedTypes = map[string]bool{
	"application/pdf": true, "image/jpeg": true, "image/png": true, "image/webp": true, "text/plain; charset=utf-8": true, "text/csv; charset=utf-8": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":       true,
	"application/msword": true, "application/vnd.ms-excel": true, "application/zip": true,
}

// handleUploadAttachment stores one file (multipart field "file") for a
// task in the caller's subtree, with its SHA-256. The type is sniffed from
// the content, not trusted from the client. With an Idempotency-Key the
// attachment's ID derives from it: a retry (after a dropped answer, or
// sent at once beside the first) gets the first answer and stores
// nothing, and another file under the same key is refused.
func (s *Server) handleUploadAttachment(c *gin.Context) {
	ctx := c.Request.Context()
	key, err := idempotencyKey(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	t, err := s.store.GetTask(ctx, scopeOf(c), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxAttachment+1<<20)
	tooLarge := &models.Error{Code: models.EINVALID, Key: "error.too_large", Fields: []models.FieldError{{Field: "file", Rule: "max", Param: "10485760"}}}
	fh, err := c.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.respondError(c, tooLarge)
			return
		}
		s.respondError(c, models.Invalid(models.FieldError{Field: "file", Rule: "required"}))
		return
	}
	if fh.Size > maxAttachment {
		s.respondError(c, tooLarge)
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.respondError(c, internal(err, "open upload"))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxAttachment+1))
	if err != nil {
		s.respondError(c, internal(err, "read upload"))
		return
	}
	if len(data) > maxAttachment {
		s.respondError(c, tooLarge)
		return
	}
	ctype := sniffType(data, fh.Filename)
	if !allowedTypes[ctype] {
		s.respondError(c, &models.Error{Code: models.EINVALID, Key: "error.file_type", Fields: []models.FieldError{{Field: "file", Rule: "oneof", Param: "pdf jpeg png webp txt csv docx xlsx doc xls zip"}}})
		return
	}
	sum := sha256.Sum256(data)
	user := currentUser(c)
	id := randomID()
	if key != "" {
		id = derivedID(user.ID, key, "attachment", t.ID)
	}
	a := models.Attachment{ID: "f-" + id[:24], TaskID: t.ID, Filename: cleanFilename(fh.Filename), ContentType: ctype,
		Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Data: data, UploadedBy: user.ID}
	sent := a
	// The store outlives a dropped connection, as every command does.
	storeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.commandWait)
	defer cancel()
	created, err := s.store.CreateAttachment(storeCtx, &a)
	if err != nil {
		s.respondError(c, internal(err, "store attachment"))
		return
	}
	if !created {
		if a.SHA256 != sent.SHA256 || a.Filename != sent.Filename {
			s.respondError(c, &models.Error{Code: models.EINVALID, Key: "error.idempotency_mismatch"})
			return
		}
		c.Header("Idempotent-Replayed", "true")
	}
	c.JSON(http.StatusCreated, gin.H{"id": a.ID, "filename": a.Filename, "content_type": a.ContentType, "size": a.Size, "sha256": a.SHA256})
}

// attachmentView is a file of a task, without its content.
type attachmentView struct {
	ID          string    `json:"id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  uint      `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// handleListAttachments lists the files of a task in the caller's subtree,
// oldest first: those a submission or comment links and those uploaded
// but not linked yet.
func (s *Server) handleListAttachments(c *gin.Context) {
	list, err := s.store.ListAttachments(c.Request.Context(), scopeOf(c), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	items := make([]attachmentView, 0, len(list))
	for _, a := range list {
		items = append(items, attachmentView{ID: a.ID, Filename: a.Filename, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256,
			UploadedBy: a.UploadedBy, CreatedAt: a.CreatedAt.In(ict)})
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// handleDownloadAttachment returns a file of a task in the caller's subtree.
func (s *Server) handleDownloadAttachment(c *gin.Context) {
	a, err := s.store.GetAttachment(c.Request.Context(), scopeOf(c), c.Param("id"), c.Param("file"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}))
	c.Header("X-Content-SHA256", a.SHA256)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, a.ContentType, a.Data)
}

// sniffType detects the content type; office files are zips, told apart by
// their extension.
func sniffType(data []byte, name string) string {
	ct := http.DetectContentType(data)
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case ct == "application/zip" && ext == ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ct == "application/zip" && ext == ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ct == "application/octet-stream" && ext == ".doc":
		return "application/msword"
	case ct == "application/octet-stream" && ext == ".xls":
		return "application/vnd.ms-excel"
	case ct == "text/plain; charset=utf-8" && ext == ".csv":
		return "text/csv; charset=utf-8"
	}
	return ct
}

func cleanFilename(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == '"' {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 200 { // by characters: a byte cut can split one
		name = string(r[:200])
	}
	if name == "" || name == "." || name == "/" {
		name = "file"
	}
	return name
}
