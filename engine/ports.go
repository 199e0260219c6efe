package engine

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
)

// FreeFrontendPort finds a frontend port whose derived ports (+1..+3 and
// the membership ports 300 below) are all free on 127.0.0.1, for tests and
// benchmarks that start servers side by side.
func FreeFrontendPort() (int, error) {
	for range 200 {
		p := 12000 + rand.IntN(18000)
		free := true
		for _, q := range []int{p, p + 1, p + 2, p + 3, p - 300, p - 299, p - 298, p - 297} {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", q))
			if err != nil {
				free = false
				break
			}
			_ = l.Close()
		}
		if free {
			return p, nil
		}
	}
	return 0, errors.New("no free range of ports found")
}
