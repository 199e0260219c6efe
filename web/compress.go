package web

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
)

// Pages and assets go gzip-compressed to a browser that takes it: the
// template editor's pages are 114–417 KB of repeated rows of inputs, and a
// phone on a slow link pays for every byte.
//
// Compression leaks what a page holds through its length when the page
// also reflects text an attacker chooses (BREACH): a query, a search box.
// So the secrets pages carry never compress the same way twice — the CSRF
// token is masked afresh in every answer (csrfToken), and a command form's
// Idempotency-Key is random in every page a GET shows (a refused form is
// shown again with its key, but only in answer to a POST that carries the
// CSRF token, which another site cannot send) — and the pages that show personal
// data (a screening case, its subject's requests, the access log, the
// users' list, one's own profile) are not compressed at all: only the
// pages named here are, and a new page stays plain until it is added.
var compressedPages = map[string]bool{
	"login": true, "error": true, "tasks": true, "task": true, "signoffs": true, "overdue": true,
	"campaigns": true, "campaign": true, "launch": true, "briefings": true, "briefing": true,
	"inspections": true, "inspection": true, "inspection_new": true, "checklist": true,
	"coverage": true, "targets": true,
	"admin": true, "admin_units": true, "admin_calendar": true, "admin_templates": true, "admin_template": true,
}

// minCompressed is the size below which an answer is sent as it is: a
// small page gains less than gzip's own framing and work cost.
const minCompressed = 1 << 10

// acceptsGzip reports whether the request's Accept-Encoding takes gzip
// (and does not refuse it with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// gzipPool keeps the compressors: each holds ~800 KB of state, too much
// to allocate per page.
type gzipPool struct{ pool sync.Pool }

func (p *gzipPool) compress(b []byte) []byte {
	var out bytes.Buffer
	zw, _ := p.pool.Get().(*gzip.Writer)
	if zw == nil {
		zw = gzip.NewWriter(&out)
	} else {
		zw.Reset(&out)
	}
	_, _ = zw.Write(b)
	_ = zw.Close()
	p.pool.Put(zw)
	return out.Bytes()
}

// writeBody writes a rendered answer, compressed when the page may be and
// the client takes it.
func (h *Handler) writeBody(w http.ResponseWriter, status int, compressible, clientGzip bool, body []byte) {
	if compressible {
		w.Header().Add("Vary", "Accept-Encoding")
		if clientGzip && len(body) >= minCompressed {
			body = h.gzip.compress(body)
			w.Header().Set("Content-Encoding", "gzip")
		}
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// staticAssets serves the embedded CSS and JS, gzip-compressed once at
// start for the clients that take it; the rest (and a client that takes
// no gzip) goes to the file server.
type staticAssets struct {
	gz    map[string][]byte // name → compressed bytes
	files http.Handler
}

func newStaticAssets(static fs.FS, pool *gzipPool) *staticAssets {
	s := &staticAssets{gz: map[string][]byte{}, files: http.FileServerFS(static)}
	_ = fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if b, err := fs.ReadFile(static, p); err == nil && len(b) >= minCompressed {
			s.gz[p] = pool.compress(b)
		}
		return nil
	})
	return s
}

func (s *staticAssets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	gz, ok := s.gz[name]
	if !ok {
		s.files.ServeHTTP(w, r)
		return
	}
	w.Header().Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r) || r.Header.Get("Range") != "" {
		s.files.ServeHTTP(w, r)
		return
	}
	hd := w.Header()
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		hd.Set("Content-Type", t)
	}
	hd.Set("Content-Encoding", "gzip")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(gz)
	}
}
