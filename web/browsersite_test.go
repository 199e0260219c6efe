package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dsflow/testenv"
	"dsflow/web"
)

// browserSite is what a browser test drives: a real dsflow (PostgreSQL,
// embedded Temporal, the API) behind the web site, and chromium with a
// 360×740 window.
type browserSite struct {
	env     *testenv.Env
	url     string          // the web site's address
	shots   string          // where screenshots go
	browser context.Context // chromium; each phone opens a context of its own in it
}

// browserSiteOptions are what differs between the browser tests' start-ups.
type browserSiteOptions struct {
	env testenv.Options
}

// browserTimeout bounds a whole browser test: a hung page fails it rather
// than the package's timeout.
const browserTimeout = 5 * time.Minute

// startBrowserSite is the browser tests' start-up: it finds chromium
// (skipping the test only where there is none and CI is unset), starts
// dsflow and the web site, chooses where screenshots go and starts the
// browser. Everything stops when the test ends.
func startBrowserSite(t *testing.T, opts browserSiteOptions) *browserSite {
	t.Helper()
	chrome := chromium(t)
	env := testenv.Start(t, opts.env)
	site := httptest.NewServer(web.New(web.Deps{API: env.API.Handler()}))
	t.Cleanup(site.Close)
	shots := artifacts(t)
	browser := startChromium(t, chrome, browserTimeout, chromedp.WindowSize(360, 740))
	return &browserSite{env: env, url: site.URL, shots: shots, browser: browser}
}

// phone opens a phone for who on the site (see newPhone).
func (s *browserSite) phone(t *testing.T, who string) *phone {
	t.Helper()
	return newPhone(t, s.browser, s.url, s.shots, who)
}

// startChromium starts the browser at path, headless, for at most timeout,
// and returns its first tab; it is closed when the test ends.
func startChromium(t *testing.T, path string, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(opts, extra...)...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return browser
}

// chromium finds the browser; without one the test skips, except on CI,
// where .ci/run installs it and a missing browser is a failure.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed, and CI is set: .ci/run installs it (apt-get install chromium)")
	}
	t.Skip("chromium is not installed: apt-get install -y chromium to run the browser test")
	return ""
}

// artifacts is where screenshots go: $DSFLOW_ARTIFACTS/web, else the
// test's temporary directory.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if base := os.Getenv("DSFLOW_ARTIFACTS"); base != "" {
		dir = filepath.Join(base, "web")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots in %s", dir)
	return dir
}
