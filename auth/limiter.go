package auth

import (
	"sync"
	"time"
)

// Limiter counts failed logins per key (a username at a client address, or
// a client address) in a sliding window and refuses further attempts once Max is reached, until
// the oldest failure leaves the window. It is per process: behind several
// API processes each keeps its own count, which still bounds guessing.
type Limiter struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewLimiter allows max failures per window.
func NewLimiter(max int, window time.Duration, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{Max: max, Window: window, Now: now, failures: map[string][]time.Time{}}
}

// Reserve checks and records an attempt in one step, so parallel attempts
// cannot all pass the check before any is counted. A successful attempt is
// given back with Release.
func (l *Limiter) Reserve(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.prune(key)
	if len(recent) >= l.Max {
		return false, recent[0].Add(l.Window).Sub(l.Now())
	}
	l.failures[key] = append(recent, l.Now())
	return true, 0
}

// Release gives back the latest attempt of key (it succeeded).
func (l *Limiter) Release(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.failures[key]
	if len(fs) <= 1 {
		delete(l.failures, key)
		return
	}
	l.failures[key] = fs[:len(fs)-1]
}

// Reset forgets key's failures after a success. Keys must be narrow
// enough that a success speaks only for its own attempts: the API resets
// a (username, address) pair, never a username everywhere.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

func (l *Limiter) prune(key string) []time.Time {
	cut := l.Now().Add(-l.Window)
	fs := l.failures[key]
	i := 0
	for i < len(fs) && !fs[i].After(cut) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = fs
	}
	return fs
}
