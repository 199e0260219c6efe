package auth

import (
	"errors"
	"sync"
	"testing"
	"time"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("mật-khẩu-123")
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyPassword(h, "mật-khẩu-123"); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if err := VerifyPassword(h, "mat-khau-123"); !errors.Is(err, ErrMismatch) {
		t.Fatalf("wrong password: %v", err)
	}
	if err := VerifyPassword("$bcrypt$x", "a"); err == nil || errors.Is(err, ErrMismatch) {
		t.Fatalf("garbage hash must be a format error: %v", err)
	}
	h2, _ := HashPassword("mật-khẩu-123")
	if h == h2 {
		t.Fatal("salts must differ")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	l := NewLimiter(3, time.Minute, clock)
	for i := 0; i < 3; i++ {
		if ok, _ := l.Reserve("u"); !ok {
			t.Fatalf("attempt %d refused", i)
		}
	}
	if ok, wait := l.Reserve("u"); ok || wait != time.Minute {
		t.Fatalf("4th attempt: ok=%v wait=%v", ok, wait)
	}
	if ok, _ := l.Reserve("other"); !ok {
		t.Fatal("other keys are not limited")
	}
	mu.Lock()
	now = now.Add(61 * time.Second)
	mu.Unlock()
	if ok, _ := l.Reserve("u"); !ok {
		t.Fatal("window passed, must allow again")
	}
	l.Reset("u")
	for i := 0; i < 3; i++ {
		if ok, _ := l.Reserve("u"); !ok {
			t.Fatal("reset must clear")
		}
	}
}

func TestReserveCountsParallelAttempts(t *testing.T) {
	l := NewLimiter(3, time.Minute, nil)
	var wg sync.WaitGroup
	var mu sync.Mutex
	passed := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := l.Reserve("u"); ok {
				mu.Lock()
				passed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if passed != 3 {
		t.Fatalf("%d parallel attempts passed, want 3", passed)
	}
	l.Release("u")
	if ok, _ := l.Reserve("u"); !ok {
		t.Fatal("a released attempt must free its place")
	}
}
