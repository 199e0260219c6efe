package engine

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
)

// FreeFrontendPort finds a frontend port whose derived ports (+1..+3 and
// the membership ports 300 below) are all free on 127.0.0.1, for tests and
// benchmarks that start servers side by side. Each port is also reserved
// for the rest of the process by a lock file (reservePort): a free port is
// only free until someone binds it, and test binaries run side by side
// picked overlapping ranges in that gap (a membership listener that cannot
// bind ends the whole process).
func FreeFrontendPort() (int, error) {
	for range 200 {
		p := 12000 + rand.IntN(18000)
		if rangeFree(p) {
			return p, nil
		}
	}
	return 0, errors.New("no free range of ports found")
}

// rangeFree reserves and checks the ports a server on frontend port p
// binds; on the first one taken it gives back what it reserved.
func rangeFree(p int) bool {
	var held []func()
	for _, q := range []int{p, p + 1, p + 2, p + 3, p - 300, p - 299, p - 298, p - 297} {
		release, ok := reservePort(q)
		if ok {
			held = append(held, release)
		}
		if ok && listenable(q) {
			continue
		}
		for _, r := range held {
			r()
		}
		return false
	}
	return true
}

// listenable says whether q can be bound on 127.0.0.1 now.
func listenable(q int) bool {
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", q))
	if err != nil {
		return false
	}
	_ = l.Close()
	return true
}
