package api_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"dsflow/testenv"
)

// multipartFile is a body with one file as field "file", and its type.
func multipartFile(t *testing.T, name string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}

// TestUploadRunsOnce: an upload sent again with the same Idempotency-Key
// (after a dropped connection, or at the same time as the first) stores
// the file once and answers with the first attachment; another file under
// the same key is refused and stores nothing. On PostgreSQL, where the
// concurrent retries really race.
func TestUploadRunsOnce(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ngocLam := env.UnitID(t, unitNgocLam)
	ward, officer := env.Login(t, leaderNgocLam), env.Login(t, officerNgocLam)
	id := createTask(t, env, ward, taskTo("Ảnh hiện trường", ngocLam, "", env.UserID(t, officerNgocLam)))["id"].(string)
	path := "/api/v1/tasks/" + id + "/attachments"
	send := func(token, key, name string, data []byte) (*testenv.Response, error) {
		body, ctype := multipartFile(t, name, data)
		return env.Send(http.MethodPost, path, token, body, "Content-Type", ctype, "Idempotency-Key", key)
	}
	count := func() int {
		r := env.Request(t, http.MethodGet, path, officer, nil)
		wantStatus(t, r, http.StatusOK)
		items, _ := r.JSON["items"].([]any)
		return len(items)
	}

	first, err := send(officer, "up-1", "bien-ban.pdf", pdfBytes)
	if err != nil || first.Status != http.StatusCreated || first.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first upload: %v %+v", err, first)
	}
	t.Run("a retry gets the first attachment", func(t *testing.T) {
		again, err := send(officer, "up-1", "bien-ban.pdf", pdfBytes)
		if err != nil || again.Status != http.StatusCreated || again.JSON["id"] != first.JSON["id"] || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry: %v %d %s, first %s", err, again.Status, again.Body, first.Body)
		}
		if n := count(); n != 1 {
			t.Fatalf("%d attachments after a retry, want 1", n)
		}
	})
	t.Run("retries sent at once store one file", func(t *testing.T) {
		var wg sync.WaitGroup
		ids := make([]any, 5)
		errs := make([]error, 5)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := send(officer, "up-race", "anh.png", pngBytes)
				if err == nil && r.Status != http.StatusCreated {
					err = fmt.Errorf("status %d: %s", r.Status, r.Body)
				}
				if err == nil {
					ids[i] = r.JSON["id"]
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i := range ids {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Fatalf("upload %d: %v, id %v; first id %v", i, errs[i], ids[i], ids[0])
			}
		}
		if n := count(); n != 2 {
			t.Fatalf("%d attachments after five racing retries, want 2", n)
		}
	})
	t.Run("the connection drops mid-upload, the retry stores once", func(t *testing.T) {
		// Dropped at different moments: before, during or after the
		// store; whichever it was, the retry leaves one file per key.
		for i, after := range []time.Duration{0, time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond, 100 * time.Millisecond} {
			key := fmt.Sprintf("up-drop-%d", i)
			body, ctype := multipartFile(t, "anh.png", pngBytes)
			ctx, cancel := context.WithTimeout(context.Background(), after)
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, env.URL+path, bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+officer)
			req.Header.Set("Content-Type", ctype)
			req.Header.Set("Idempotency-Key", key)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
			cancel()
			r, err := send(officer, key, "anh.png", pngBytes)
			if err != nil || r.Status != http.StatusCreated {
				t.Fatalf("retry after a drop at %v: %v %+v", after, err, r)
			}
		}
		if n := count(); n != 7 {
			t.Fatalf("%d attachments after five dropped uploads and their retries, want 7", n)
		}
	})
	t.Run("another file under the same key is refused", func(t *testing.T) {
		r, err := send(officer, "up-1", "bien-ban.pdf", append(append([]byte{}, pdfBytes...), '\n'))
		if err != nil {
			t.Fatal(err)
		}
		checkProblem(t, r, http.StatusUnprocessableEntity, "invalid")
		if !strings.Contains(string(r.Body), "Idempotency-Key") {
			t.Errorf("the refusal does not name the key: %s", r.Body)
		}
		long, err := send(officer, strings.Repeat("k", 201), "x.pdf", pdfBytes)
		if err != nil {
			t.Fatal(err)
		}
		if f := checkProblem(t, long, http.StatusUnprocessableEntity, "invalid"); !hasField(f, "Idempotency-Key", "max") {
			t.Errorf("a key of 201 characters: %v", f)
		}
		if n := count(); n != 7 {
			t.Fatalf("%d attachments after refused uploads, want 7", n)
		}
	})
	t.Run("keys are the sender's own", func(t *testing.T) {
		r, err := send(ward, "up-1", "bien-ban.pdf", pdfBytes)
		if err != nil || r.Status != http.StatusCreated || r.JSON["id"] == first.JSON["id"] || r.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("the ward leader's upload under the officer's key: %v %+v", err, r)
		}
	})
}
