package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"dsflow/notify"
	"dsflow/testenv"
)

// upload posts one file as multipart field "file".
func upload(t *testing.T, env *testenv.Env, token, taskID, name string, data []byte) *testenv.Response {
	t.Helper()
	body, ctype := multipartFile(t, name, data)
	return env.Request(t, http.MethodPost, "/api/v1/tasks/"+taskID+"/attachments", token, body, "Content-Type", ctype)
}

var (
	pdfBytes = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	pngBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
)

// mailbox records what the e-mail channel was asked to send.
type mailbox struct {
	mu   sync.Mutex
	sent []notify.Message
}

func (m *mailbox) Send(_ context.Context, msg notify.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, msg)
	return nil
}

func (m *mailbox) has(kind, taskID string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.sent {
		if s.Kind == kind && s.TaskID == taskID {
			return true
		}
	}
	return false
}

func TestAttachmentsAndNotifications(t *testing.T) {
	mail := &mailbox{}
	env := testenv.Start(t, testenv.Options{SQLite: true, Email: mail})
	ngocLam := env.UnitID(t, unitNgocLam)
	ward, officer := env.Login(t, leaderNgocLam), env.Login(t, officerNgocLam)
	body := taskTo("Minh chứng", ngocLam, "", env.UserID(t, officerNgocLam))
	body["form"] = map[string]any{"fields": []any{
		map[string]any{"name": "births", "type": "count", "label": map[string]any{"vi": "Số trẻ sinh ra"}, "required": true},
		map[string]any{"name": "evidence", "type": "file", "label": map[string]any{"vi": "Biên bản"}, "required": true},
	}}
	id := createTask(t, env, ward, body)["id"].(string)
	var pdfID string

	t.Run("upload and download", func(t *testing.T) {
		r := upload(t, env, officer, id, "bien-ban.pdf", pdfBytes)
		wantStatus(t, r, http.StatusCreated)
		sum := sha256.Sum256(pdfBytes)
		pdfID, _ = r.JSON["id"].(string)
		if pdfID == "" || r.JSON["sha256"] != hex.EncodeToString(sum[:]) || r.JSON["content_type"] != "application/pdf" || num(r.JSON, "size") != len(pdfBytes) {
			t.Fatalf("upload: %s", r.Body)
		}
		// The type is sniffed, not taken from the name.
		r = upload(t, env, officer, id, "anh.pdf", pngBytes)
		if r.Status != http.StatusCreated || r.JSON["content_type"] != "image/png" {
			t.Fatalf("png: %d %s", r.Status, r.Body)
		}
		d := env.Request(t, http.MethodGet, "/api/v1/tasks/"+id+"/attachments/"+pdfID, officer, nil)
		wantStatus(t, d, http.StatusOK)
		if !bytes.Equal(d.Body, pdfBytes) || d.Header.Get("X-Content-SHA256") != hex.EncodeToString(sum[:]) ||
			d.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(d.Header.Get("Content-Disposition"), "bien-ban.pdf") {
			t.Fatalf("download: %v %q", d.Header, d.Body)
		}
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/tasks/"+id+"/attachments/f-nope", officer, nil), http.StatusNotFound, "not_found")
		checkProblem(t, env.Request(t, http.MethodGet, "/api/v1/tasks/"+id+"/attachments/"+pdfID, env.Login(t, officerBoDe), nil), http.StatusNotFound, "not_found")
		checkProblem(t, upload(t, env, env.Login(t, officerBoDe), id, "x.pdf", pdfBytes), http.StatusNotFound, "not_found")
	})
	t.Run("refused files", func(t *testing.T) {
		fields := checkProblem(t, upload(t, env, officer, id, "trang.html", []byte("<html><script>alert(1)</script></html>")), http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, "file", "oneof") {
			t.Fatalf("html: %v", fields)
		}
		big := append(append([]byte{}, pdfBytes...), make([]byte, 10<<20)...)
		fields = checkProblem(t, upload(t, env, officer, id, "lon.pdf", big), http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, "file", "max") {
			t.Fatalf("10 MiB + a little: %v", fields)
		}
		huge := append(append([]byte{}, pdfBytes...), make([]byte, 12<<20)...)
		fields = checkProblem(t, upload(t, env, officer, id, "rat-lon.pdf", huge), http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, "file", "max") {
			t.Fatalf("12 MiB: %v", fields)
		}
		fields = checkProblem(t, env.Request(t, http.MethodPost, "/api/v1/tasks/"+id+"/attachments", officer, map[string]any{"file": "x"}), http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, "file", "required") {
			t.Fatalf("no file: %v", fields)
		}
	})
	t.Run("attach to a comment", func(t *testing.T) {
		r := command(t, env, officer, id, "comment", map[string]any{"text": "Gửi biên bản", "attachment_ids": []string{pdfID}})
		wantStatus(t, r, http.StatusOK)
		hist := getTask(t, env, officer, id)["history"].([]any)
		last := hist[len(hist)-1].(map[string]any)
		if ids, _ := last["attachment_ids"].([]any); last["event"] != "commented" || len(ids) != 1 || ids[0] != pdfID {
			t.Fatalf("last event %v", last)
		}
		fields := checkProblem(t, command(t, env, officer, id, "comment", map[string]any{"text": "x", "attachment_ids": []string{"f-forged"}}),
			http.StatusUnprocessableEntity, "invalid")
		if !hasField(fields, "attachment_ids", "") {
			t.Fatalf("forged attachment: %v", fields)
		}
	})
	t.Run("a file field must name a file of the task", func(t *testing.T) {
		r := command(t, env, officer, id, "submit", map[string]any{"data": map[string]any{"births": 4, "evidence": "f-forged"}})
		if fields := checkProblem(t, r, http.StatusUnprocessableEntity, "invalid"); !hasField(fields, "data.evidence", "") {
			t.Fatalf("forged file field: %v", fields)
		}
		r = command(t, env, officer, id, "submit", map[string]any{"data": map[string]any{"births": 4, "evidence": pdfID}})
		if r.Status != http.StatusOK || r.JSON["status"] != "done" {
			t.Fatalf("submit with the file: %d %s", r.Status, r.Body)
		}
	})

	t.Run("notifications", func(t *testing.T) {
		bode := env.Login(t, officerBoDe)
		task := createTask(t, env, env.Login(t, leaderLongBien), taskTo("Cho Bồ Đề", env.UnitID(t, unitBoDe), "", env.UserID(t, officerBoDe)))
		tid := task["id"].(string)
		var item map[string]any
		testenv.Eventually(t, 20*time.Second, "the assignee is told", func() bool {
			r := env.Request(t, http.MethodGet, "/api/v1/notifications?unread=true", bode, nil)
			for _, it := range r.JSON["items"].([]any) {
				if m := it.(map[string]any); m["task_id"] == tid && m["kind"] == "task.assigned" {
					item = m
				}
			}
			return item != nil
		})
		if item["title_vi"] != "Nhiệm vụ mới: Cho Bồ Đề" || item["read_at"] != nil {
			t.Fatalf("notification %v", item)
		}
		testenv.Eventually(t, 10*time.Second, "the e-mail channel is used", func() bool { return mail.has("task.assigned", tid) })
		// Nobody else sees it.
		for _, it := range env.Request(t, http.MethodGet, "/api/v1/notifications", officer, nil).JSON["items"].([]any) {
			if it.(map[string]any)["task_id"] == tid {
				t.Fatal("another user sees the notification")
			}
		}
		r := env.Request(t, http.MethodPost, "/api/v1/notifications/read", bode, map[string]any{"ids": []any{item["id"]}})
		if r.Status != http.StatusOK || num(r.JSON, "marked") != 1 {
			t.Fatalf("mark read: %d %s", r.Status, r.Body)
		}
		if items := env.Request(t, http.MethodGet, "/api/v1/notifications?unread=true", bode, nil).JSON["items"].([]any); len(items) != 0 {
			t.Fatalf("unread after marking: %v", items)
		}
		// No body marks all of them.
		r = env.Request(t, http.MethodPost, "/api/v1/notifications/read", officer, nil)
		wantStatus(t, r, http.StatusOK)
		if items := env.Request(t, http.MethodGet, "/api/v1/notifications?unread=true", officer, nil).JSON["items"].([]any); len(items) != 0 {
			t.Fatalf("unread after marking all: %v", items)
		}
	})
}
