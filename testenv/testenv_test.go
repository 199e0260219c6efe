package testenv_test

import (
	"net/http"
	"testing"

	"dsflow/testenv"
)

// TestStart brings a whole dsflow up on SQLite, signs in and reads the
// caller back, and checks that a worker can be stopped and replaced.
func TestStart(t *testing.T) {
	env := testenv.Start(t, testenv.Options{SQLite: true})
	tok := env.Login(t, "canbo.ngoclam")
	st, me, raw := env.Do(t, http.MethodGet, "/api/v1/me", tok, nil)
	if st != http.StatusOK || me["username"] != "canbo.ngoclam" {
		t.Fatalf("GET /me: %d %s", st, raw)
	}
	if st, _, raw := env.Do(t, http.MethodGet, "/readyz", "", nil); st != http.StatusOK {
		t.Fatalf("GET /readyz: %d %s", st, raw)
	}
	env.StopWorker()
	env.StopWorker() // a second stop is harmless
	env.StartWorker(t)
	if env.UnitID(t, "DEMO-NGOCLAM") == 0 || env.UserID(t, "admin") == 0 {
		t.Fatal("demo seed missing")
	}
}
